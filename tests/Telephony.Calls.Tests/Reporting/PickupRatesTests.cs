using Telephony.Calls.Reporting;

namespace Telephony.Calls.Tests.Reporting;

/// <summary>The formulas of dashboards/README.md, outcome by outcome: which term of which rate each one is in.</summary>
public sealed class PickupRatesTests
{
    // Distinct powers of two: every sum names exactly which outcomes it took.
    private static readonly OutcomeCounts Mix = new()
    {
        AnsweredAgent = 1,
        HandledIvr = 2,
        AbandonedIvr = 4,
        AbandonedQueue = 8,
        AbandonedQueueShort = 16,
        CallbackRequested = 32,
        Closed = 64,
        Saturated = 128,
        Transferred = 256,
        Dropped = 512,
        CallbacksCompleted = 1024,
        CallbacksFailed = 2048,
    };

    [Fact]
    public void The_agent_rate_is_A_plus_Rc_over_A_AQ_S_D_Rc_Rf()
    {
        Assert.Equal(1 + 1024, PickupRates.AgentHandled(Mix));
        Assert.Equal(1 + 8 + 128 + 512 + 1024 + 2048, PickupRates.AgentRequired(Mix));
        Assert.Equal(1025.0 / 3721, PickupRates.AgentRate(Mix));
    }

    [Fact]
    public void The_global_rate_is_A_H_Rc_over_A_H_AI_AQ_S_D_Rc_Rf()
    {
        Assert.Equal(1 + 2 + 1024, PickupRates.GlobalHandled(Mix));
        Assert.Equal(1 + 2 + 4 + 8 + 128 + 512 + 1024 + 2048, PickupRates.GlobalRequired(Mix));
        Assert.Equal(1027.0 / 3727, PickupRates.GlobalRate(Mix));
    }

    [Fact]
    public void Short_abandons_callback_requests_closed_hours_and_transfers_are_out_of_both_rates()
    {
        var outOfRates = new OutcomeCounts { AbandonedQueueShort = 3, CallbackRequested = 5, Closed = 7, Transferred = 11 };

        Assert.Null(PickupRates.AgentRate(outOfRates));
        Assert.Null(PickupRates.GlobalRate(outOfRates));
        Assert.Equal(PickupRates.AgentRate(Mix), PickupRates.AgentRate(Mix.Plus(outOfRates)));
        Assert.Equal(PickupRates.GlobalRate(Mix), PickupRates.GlobalRate(Mix.Plus(outOfRates)));
    }

    [Fact]
    public void No_call_requiring_an_agent_gives_no_rate_not_NaN_and_the_global_rate_still_counts_the_IVR()
    {
        var ivrOnly = new OutcomeCounts { HandledIvr = 3, AbandonedIvr = 1 };

        Assert.Null(PickupRates.AgentRate(ivrOnly));
        Assert.Equal(0.75, PickupRates.GlobalRate(ivrOnly));
        Assert.Null(PickupRates.AgentRate(OutcomeCounts.None));
        Assert.Null(PickupRates.GlobalRate(OutcomeCounts.None));
        Assert.Null(PickupRates.ServiceLevel(0, OutcomeCounts.None));
        Assert.Null(PickupRates.Average(0, 0));
    }

    [Fact]
    public void Saturation_and_dropped_calls_lower_both_rates()
    {
        var answered = new OutcomeCounts { AnsweredAgent = 3 };

        Assert.Equal(1.0, PickupRates.AgentRate(answered));
        Assert.Equal(0.75, PickupRates.AgentRate(answered with { Saturated = 1 }));
        Assert.Equal(0.75, PickupRates.AgentRate(answered with { Dropped = 1 }));
        Assert.Equal(0.75, PickupRates.GlobalRate(answered with { Saturated = 1 }));
    }

    [Fact]
    public void Service_level_and_queue_abandons_divide_by_the_calls_that_waited_for_an_agent_short_abandons_out()
    {
        var queue = new OutcomeCounts { AnsweredAgent = 6, AbandonedQueue = 2, AbandonedQueueShort = 5 };

        Assert.Equal(8, PickupRates.QueuedForAgent(queue));
        Assert.Equal(0.5, PickupRates.ServiceLevel(4, queue));
        Assert.Equal(0.25, PickupRates.QueueAbandonRate(queue));
    }

    [Fact]
    public void A_network_rate_adds_up_its_lines_calls_it_is_not_the_average_of_their_rates()
    {
        var small = new CallFigures { Offered = 1, Outcomes = new OutcomeCounts { AnsweredAgent = 1 } };
        var large = new CallFigures { Offered = 9, Outcomes = new OutcomeCounts { AnsweredAgent = 4, AbandonedQueue = 5 } };

        Assert.Equal(0.5, small.Plus(large).AgentRate);
    }

    [Theory]
    [InlineData(null, RateStanding.NoCalls)]
    [InlineData(0.85, RateStanding.OnTarget)]
    [InlineData(1.0, RateStanding.OnTarget)]
    [InlineData(0.8499, RateStanding.Below)]
    [InlineData(0.75, RateStanding.Below)]
    [InlineData(0.7499, RateStanding.FarBelow)]
    [InlineData(0.0, RateStanding.FarBelow)]
    public void A_rate_stands_against_85_percent_green_from_85_amber_from_75_red_below(double? rate, RateStanding standing) =>
        Assert.Equal(standing, PickupRates.StandingOf(rate));
}
