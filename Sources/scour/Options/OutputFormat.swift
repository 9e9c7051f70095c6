import ArgumentParser

/// `--format`: for people (aligned text, colour on a terminal) or for programs (JSON).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
