/// A boolean as Ansible reads one (`ansible.module_utils.parsing.convert_bool`): `yes`, `on`,
/// `1`, `true`, `t`, `y` and their opposites, any case; nil for anything else.
enum AnsibleBoolean {
    static func parse(_ value: InventoryValue) -> Bool? {
        switch value {
        case .bool(let bool): return bool
        case .int(let int): return int == 1 ? true : int == 0 ? false : nil
        case .double(let double): return double == 1 ? true : double == 0 ? false : nil
        case .string(let text):
            switch text.lowercased() {
            case "y", "yes", "on", "1", "true", "t": return true
            case "n", "no", "off", "0", "false", "f": return false
            default: return nil
            }
        case .list, .map, .null: return nil
        }
    }
}
