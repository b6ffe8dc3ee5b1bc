using Telephony.Grains.Abstractions;
using Telephony.Server.AgentConsole;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>What the console shows of a state: the buttons it allows, the status and the call in words.</summary>
public sealed class ConsoleStateViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AgentStatus.LoggedOut, true, true, false, false)]
    [InlineData(AgentStatus.LoggedOut, false, false, false, false)]
    [InlineData(AgentStatus.Ready, true, false, true, false)]
    [InlineData(AgentStatus.Reserved, true, false, false, false)]
    [InlineData(AgentStatus.Ringing, true, false, false, false)]
    [InlineData(AgentStatus.OnCall, true, false, false, false)]
    [InlineData(AgentStatus.WrapUp, true, true, true, true)]
    [InlineData(AgentStatus.Paused, true, true, true, false)]
    public void The_buttons_follow_the_agent_grain_s_rules(AgentStatus status, bool registered, bool ready, bool pause, bool endWrapUp) =>
        Assert.Equal(new ConsoleCommands(ready, pause, endWrapUp), ConsoleCommands.For(State(status) with { PhoneRegistered = registered }));

    [Fact]
    public void A_call_reads_in_words_and_its_value_for_the_agent_never_shows_in_a_log_line()
    {
        var context = new AgentCallContext("CNAV", "3960", "cnav.retraite", "CNAV retraite", Now.AddMinutes(-3), ["Retraite", "Date de paiement"],
            [new CallContextItem("Numéro fiscal", "1234567890066")], [new RecentCall(Now.AddDays(-1), "abandoned_queue"), new RecentCall(Now.AddDays(-3), "answered_agent")]);

        var view = ConsoleStateView.Of(State(AgentStatus.OnCall) with { Since = Now.AddSeconds(-60), Call = new AgentCurrentCall("c1", "cnav.retraite", context) });

        Assert.Equal("on_call", view.Status);
        Assert.Equal("En communication", view.StatusLabel);
        Assert.Equal("Retraite → Date de paiement", view.Call!.PathInWords);
        Assert.Equal(120, view.Call.WaitedSeconds);
        Assert.Equal(["raccroché en attente", "traité par un conseiller"], view.Call.RecentCalls.Select(r => r.OutcomeLabel));
        Assert.DoesNotContain("1234567890066", view.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("1234567890066", view.Call.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_s_own_pause_reasons_and_refusals_are_in_french()
    {
        var view = ConsoleStateView.Of(State(AgentStatus.Paused) with { PauseReason = "no_answer" });

        Assert.Equal("appel non décroché", view.PauseReasonLabel);
        Assert.Equal("Vous n'êtes pas en fin de traitement.", ConsoleWords.Refusal(AgentRefusals.NotInWrapUp));
        Assert.Null(view.Call);
    }

    private static AgentState State(AgentStatus status) => new("ag_1", status, null, Now, null, true, ["cnav.retraite"], null, 1, null);
}
