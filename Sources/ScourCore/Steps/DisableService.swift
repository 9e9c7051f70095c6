/// `disable_service`: a service stopped now and disabled at boot.
public struct DisableService: StepAction, StepReading {
    public static let keyword = "disable_service"
    static let attributes = ["service"]

    /// A systemd unit or a Windows service name.
    public var service: String

    public init(service: String) {
        self.service = service
    }

    public var explanation: [String] { ["stop the service \(service) and disable it at boot"] }

    public func resolvingStrings(_ resolve: (String) -> String) -> DisableService {
        DisableService(service: resolve(service))
    }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> DisableService? {
        guard let attribute = reader.required("service", help: "service = \"\(context.platform.rules.exampleService)\""),
              let service = context.readHostValue(attribute.value, what: "'service'", rule: .serviceName)
        else { return nil }
        if !context.isInterpolated(service), let problem = ValueRule.serviceName.problem(service, platform: context.platform) {
            context.diagnostics.error(problem, at: attribute.value.range,
                                      help: "letters, digits and _ - . @ : only (\(Platform.listed { "a " + $0.rules.serviceKind }))")
            return nil
        }
        return DisableService(service: service)
    }
}
