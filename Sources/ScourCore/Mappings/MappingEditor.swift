/// The edits of `strip_mappings`, computed on the controller from the configuration file's
/// text (fetched by the probe), so that the plan can show them as a diff before any host
/// changes, and the host only ever receives a finished file.
public enum MappingEditor {
    public static func strip(_ text: String, target: MappingTarget, aliases: [String], handlers: [String]) -> MappingEdit {
        switch target.server {
        case .apache: ApacheMappings.strip(text, aliases: aliases, handlers: handlers)
        case .nginx: NginxMappings.strip(text, aliases: aliases, handlers: handlers)
        case .iis: IISMappings.strip(text, site: target.site ?? "", aliases: aliases, handlers: handlers)
        }
    }
}
