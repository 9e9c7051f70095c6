import Foundation
import ScourCore

/// `scour report --format junit`: JUnit XML for CI systems — a `testsuite` per wave, a
/// `testcase` per host and step (classname: the host; name: the step). Failed steps are
/// `failure`s; a step that should have run and did not — after a failure, on an unreachable,
/// drifted, interrupted or never started host, or in flight when the run stopped — is an
/// `error`, so a CI gate fails on an unfinished run; only a step whose `when` was false is
/// `skipped`.
public enum JUnitReport {
    public static func render(_ report: RunReport) -> String {
        var suites: [String] = []
        var totals = (tests: 0, failures: 0, errors: 0, skipped: 0, time: Int64(0))
        for wave in report.waves {
            var cases: [String] = []
            var counts = (tests: 0, failures: 0, errors: 0, skipped: 0)
            for host in report.hosts where host.wave == wave.index {
                for step in host.steps {
                    counts.tests += 1
                    var body = ""
                    switch step.status {
                    case .failed:
                        counts.failures += 1
                        body = "<failure message=\"\(escape(step.detail))\" type=\"step_failed\">\(escapeLines(step.stderrTail ?? ""))</failure>"
                    case .drifted, .unknown:
                        counts.failures += 1
                        body = "<failure message=\"\(escape(step.detail))\" type=\"\(step.status.rawValue)\"/>"
                    case .inFlight:
                        counts.errors += 1
                        body = "<error message=\"\(escape(step.detail))\" type=\"in_flight\"/>"
                    case .notRun:
                        counts.errors += 1
                        body = "<error message=\"\(escape("not run: " + step.detail))\" type=\"not_run\"/>"
                    case .skipped:
                        counts.skipped += 1
                        body = "<skipped message=\"\(escape(step.detail))\"/>"
                    case .ok, .changed:
                        break
                    }
                    var testcase = "    <testcase classname=\"\(escape(host.name))\" name=\"\(escape(step.name))\" time=\"\(seconds(step.elapsedMilliseconds))\""
                    testcase += body.isEmpty ? "/>" : ">\n      \(body)\n    </testcase>"
                    cases.append(testcase)
                }
            }
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.errors += counts.errors
            totals.skipped += counts.skipped
            totals.time += wave.elapsedMilliseconds
            let attributes = "name=\"wave \(wave.index)\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\" time=\"\(seconds(wave.elapsedMilliseconds))\""
            suites.append("  <testsuite \(attributes)>\n" + cases.map { $0 + "\n" }.joined() + "  </testsuite>")
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="\(escape("scour \(report.runID) \(report.playbookName)"))" tests="\(totals.tests)" failures="\(totals.failures)" errors="\(totals.errors)" skipped="\(totals.skipped)" time="\(seconds(totals.time))">
            \(suites.joined(separator: "\n"))
            </testsuites>

            """
    }

    private static func seconds(_ milliseconds: Int64) -> String { String(format: "%.3f", Double(milliseconds) / 1000) }

    /// One line of text for an XML attribute or element. A host's text first goes through
    /// `HostText`, as on a terminal: control characters and U+FFFE/U+FFFF (which XML 1.0
    /// cannot even hold: one makes the whole report unreadable), bidi overrides, invisible
    /// characters and newlines are shown as visible escapes, so a CI page shows what the host
    /// sent rather than acting on it; then markup characters are escaped.
    static func escape(_ text: String) -> String { xml(HostText.terminal(text)) }

    /// Several lines (a stderr tail) for an element: as `escape(_:)`, newlines and tabs kept.
    static func escapeLines(_ text: String) -> String { xml(HostText.terminalLines(text)) }

    private static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
