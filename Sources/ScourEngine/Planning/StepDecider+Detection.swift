import Foundation
import ScourCore
import ScourHost

/// Detect blocks on one host: each indicator matched, did not match, or is unknown — the probe
/// could not look where it needs to (an unreadable folder or file, a command stopped at its
/// timeout, processes hidden from the login). An unknown indicator is never "no match"; a match
/// found is a match even where other parts were unseen.
extension StepDecider {
    /// Every detect block on the observed host.
    func detections(_ observation: HostObservation) -> [Detection] { probes(context(detections: [])).detections(observation) }

    /// A file's text as a `content` answer gives it: absent, unseen (unreadable, too large, not
    /// a regular file: the lines could not be read), or the text.
    enum ContentText {
        case absent
        case unseen(Unseen)
        case text(String)
    }

    static func text(of content: ContentObservation, at path: String) -> ContentText {
        if let unseen = content.unseen { return .unseen(unseen) }
        switch content.kind {
        case .absent: return .absent
        case .unknown: return .unseen(Unseen(.ioError, path: path))
        case .regular:
            if content.tooLarge { return .unseen(Unseen(.tooLarge, path: path)) }
            return content.text.map(ContentText.text) ?? .unseen(Unseen(.ioError, path: path))
        case .directory, .symlink, .other: return .unseen(Unseen(.notRegularFile, path: path))
        }
    }

    /// The first line matching `regex` (1-based), each line matched without a trailing CR, as
    /// sshd and cron read a CRLF line, and as `remove_lines` and the host's search match it.
    static func firstMatch(of regex: ExtendedRegex, in text: String) -> (line: Int, text: String)? {
        // Split as bytes: a Character "\r\n" is one grapheme, never equal to "\n".
        for (index, bytes) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: LineMatcher.content(of: ArraySlice(bytes)), as: UTF8.self)
            if regex.matches(line) { return (index + 1, line) }
        }
        return nil
    }
}

extension PlanProbes {
    /// Every detect block on the observed host (or on the host as a plan's earlier steps leave it).
    func detections(_ observation: HostObservation) -> [Detection] {
        playbook.detects.map { detect in
            Detection(name: detect.name, match: detect.match, indicators: detect.indicators.map { evaluate($0, observation) })
        }
    }

    /// Whether `indicator` matched, with the evidence where it has some (a `content` indicator
    /// names each file and its first matching line, a `process` one each process), or why it
    /// could not be told. An item the probe was not asked stays "no match", as before.
    func evaluate(_ indicator: Indicator, _ observation: HostObservation) -> IndicatorResult {
        var result = IndicatorResult(indicator: indicator.words, matched: false)
        switch indicator {
        case .file(let path, let digest):
            guard let file = observation.files[path] else { break }
            switch file.presence {
            case .absent: break
            case .unknown(let unseen): result.unseen = [unseen]
            case .present:
                guard let digest else { result.matched = true; break }
                if let sha256 = file.sha256 { result.matched = sha256 == digest } else if let unseen = file.unseen { result.unseen = [unseen] }
            }
        case .content(let path, let pattern, nil):
            guard let content = observation.contents[path], case .success(let regex) = ExtendedRegex.compile(pattern) else { break }
            switch StepDecider.text(of: content, at: path) {
            case .absent: break
            case .unseen(let unseen): result.unseen = [unseen]
            case .text(let text):
                guard let match = StepDecider.firstMatch(of: regex, in: text) else { break }
                let line = match.text.utf8Prefix(ProbeItem.defaultLineLimit)
                result.matched = true
                result.evidence = [LineMatch(path: path, line: match.line, text: line.text, textIsCut: line.isCut)]
            }
        case .content(_, _, .some):
            // An answer over max_matches with no match among the files searched fails the probe
            // (`ProbeError.unanswerable`): a host is never planned on a guess.
            guard let found = observation.contentGlob(for: item(for: indicator)) else { break }
            result.matched = !found.matches.isEmpty
            result.evidence = found.matches
            if found.isTruncated { result.note = "searched the first \(found.searched) of \(found.total) paths" }
            if !result.matched, let unseen = found.unseen, !unseen.isEmpty { result.unseen = unseen }
        case .process:
            guard let found = observation.processList(for: item(for: indicator)) else { break }
            result.matched = found.total > 0
            if result.matched { result.processes = found.processes.map(ProcessMatch.init) }
            if found.isTruncated { result.note = "\(found.total) processes match; the first \(found.processes.count) are shown" }
            if !result.matched, let unseen = found.unseen, !unseen.isEmpty { result.unseen = unseen }
        case .mapping(let target, let alias, let handler):
            guard let content = observation.contents[target.config] else { break }
            switch StepDecider.text(of: content, at: target.config) {
            case .absent: break
            case .unseen(let unseen): result.unseen = [unseen]
            case .text(let text):
                let edit = MappingEditor.strip(text, target: target, aliases: alias.map { [$0] } ?? [],
                                               handlers: handler.map { [$0] } ?? [])
                result.matched = edit.maps == .true
                if edit.maps == .unknown {
                    result.unseen = [Unseen(.timedOut, path: target.config)]
                    result.note = edit.undecided?.words
                }
            }
        case .command(let run, let expectExit):
            switch observation.command(render(run), exited: Int32(expectExit)) {
            case .true?: result.matched = true
            case .unknown?: result.unseen = [Unseen(.timedOut)]
            case .false?, nil: break
            }
        }
        return result
    }
}
