using Orleans.Concurrency;

namespace Telephony.Grains.Abstractions;

/// <summary>Told of every change of an agent's state (the console's live updates, pushed to the browser by SSE).</summary>
public interface IAgentObserver : IGrainObserver
{
    [OneWay]
    Task StateChanged(AgentState state);
}
