using Prometheus;
using Telephony.Ivr;

namespace Telephony.Calls.Metrics;

/// <summary>
/// <c>telephony_line_open{network,line}</c>: 1 while the line is open (opening hours, public holidays, closures,
/// operator overrides, as a call would find it: <see cref="LineOpening"/>), 0 otherwise. Refreshed when Prometheus
/// scrapes, so it is current without any call and an override shows at the next scrape. A line whose script is gone
/// after a reload loses its series.
/// </summary>
public sealed class LineOpenGauge(IMetricFactory factory, TimeProvider time)
{
    private readonly Gauge _open = factory.CreateGauge(
        "telephony_line_open",
        "1 while the line is open (opening hours, holidays, operator override), 0 otherwise.",
        ["network", "line"]);

    private readonly object _gate = new();
    private HashSet<(string Network, string Line)> _exported = [];

    public void Refresh(IvrScriptSet scripts, IvrSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        ArgumentNullException.ThrowIfNull(options);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var current = new HashSet<(string Network, string Line)>();
            foreach (var script in scripts.Scripts)
            {
                current.Add((script.Network, script.LineLabel));
                _open.WithLabels(script.Network, script.LineLabel).Set(LineOpening.IsOpen(script, options, now) ? 1 : 0);
            }

            foreach (var (network, line) in _exported.Except(current))
            {
                _open.RemoveLabelled(network, line);
            }

            _exported = current;
        }
    }
}
