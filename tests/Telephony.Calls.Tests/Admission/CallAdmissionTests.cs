using Telephony.Calls.Admission;

namespace Telephony.Calls.Tests.Admission;

/// <summary>
/// Admission control's marks: each one, once passed, refuses new calls (and says which); calls admitted before keep
/// their place, and a call that ends gives its place back.
/// </summary>
public sealed class CallAdmissionTests
{
    private sealed class Probe : IAdmissionProbe
    {
        public int FreePortPairs { get; set; } = 1000;

        public long OpenDescriptors { get; set; } = 300;

        public long ResidentBytes { get; set; } = 100L << 20;

        public long PendingWorkItems { get; set; } = 10;
    }

    private static readonly AdmissionMarks Marks = new(MaxCalls: 3, MaxSetupsInFlight: 2, MinFreePortPairs: 10, MaxDescriptors: 1000, MaxResidentBytes: 1L << 30);

    [Fact]
    public void Set_ups_in_flight_past_their_mark_are_refused_and_an_acknowledged_one_makes_room()
    {
        var admission = new CallAdmission(Marks, new Probe());
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        Assert.Equal(AdmissionRefusal.SetupsInFlight, admission.TryAdmit());
        Assert.Equal(2, admission.ActiveCalls);

        admission.SetupEnded(); // the first call's ACK came
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        Assert.Equal(3, admission.ActiveCalls);
    }

    [Fact]
    public void A_thread_pool_backlog_past_its_mark_refuses_new_calls_and_admits_them_again_once_it_clears()
    {
        var probe = new Probe();
        var admission = new CallAdmission(Marks with { MaxPendingWorkItems = 2000 }, probe);
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());

        probe.PendingWorkItems = 2000;
        Assert.Equal(AdmissionRefusal.Backlog, admission.TryAdmit());
        probe.PendingWorkItems = long.MaxValue; // the sampler itself starved
        Assert.Equal(AdmissionRefusal.Backlog, admission.TryAdmit());
        Assert.Equal(1, admission.ActiveCalls);

        probe.PendingWorkItems = 1999;
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        Assert.Equal("backlog", AdmissionRefusal.Backlog.Label());
    }

    [Fact]
    public void A_backlog_mark_of_zero_is_not_checked()
    {
        var admission = new CallAdmission(Marks, new Probe { PendingWorkItems = long.MaxValue });
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
    }

    [Fact]
    public void Calls_past_their_mark_are_refused_until_one_ends()
    {
        var admission = new CallAdmission(Marks, new Probe());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
            admission.SetupEnded();
        }

        Assert.Equal(AdmissionRefusal.Calls, admission.TryAdmit());
        Assert.Equal(3, admission.ActiveCalls);
        Assert.Equal(0, admission.SetupsInFlight);
        admission.CallEnded();
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
    }

    [Theory]
    [InlineData(10, 300, 100, AdmissionRefusal.Ports)]
    [InlineData(11, 1000, 100, AdmissionRefusal.Descriptors)]
    [InlineData(11, 999, 1024, AdmissionRefusal.Memory)]
    [InlineData(11, 999, 1023, AdmissionRefusal.None)]
    public void Each_resource_mark_refuses_at_its_bound(int freePairs, long descriptors, long residentMegabytes, AdmissionRefusal expected)
    {
        var probe = new Probe { FreePortPairs = freePairs, OpenDescriptors = descriptors, ResidentBytes = residentMegabytes << 20 };
        var admission = new CallAdmission(Marks, probe);
        Assert.Equal(expected, admission.TryAdmit());
        Assert.Equal(expected == AdmissionRefusal.None ? 1 : 0, admission.ActiveCalls);
    }

    [Fact]
    public void A_draining_node_refuses_every_new_call_and_keeps_counting_those_in_progress()
    {
        var admission = new CallAdmission(Marks, new Probe());
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        admission.BeginDrain();
        Assert.Equal(AdmissionRefusal.Draining, admission.TryAdmit());
        Assert.Equal(1, admission.ActiveCalls);
        Assert.Equal("draining", AdmissionRefusal.Draining.Label());
    }

    [Fact]
    public void A_burst_on_many_threads_never_admits_more_than_the_mark()
    {
        var admission = new CallAdmission(Marks with { MaxCalls = 50, MaxSetupsInFlight = 0 }, new Probe());
        var admitted = 0;
        Parallel.For(0, 2000, _ =>
        {
            if (admission.TryAdmit() == AdmissionRefusal.None)
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(50, admitted);
        Assert.Equal(50, admission.ActiveCalls);
    }

    [Fact]
    public void Derived_marks_follow_the_port_range_the_descriptor_limit_and_memory()
    {
        var marks = AdmissionMarks.Derive(new AdmissionSettings(), portPairs: 5000, descriptorLimit: 20000, availableMemoryBytes: 10L << 30);
        Assert.Equal(100, marks.MinFreePortPairs); // 2 % of the range kept for legs of calls already up
        Assert.Equal(17000, marks.MaxDescriptors); // 85 % of ulimit -n
        Assert.Equal((17000 - AdmissionMarks.BaseDescriptors) / AdmissionMarks.DescriptorsPerCall, marks.MaxCalls);
        Assert.Equal(marks.MaxCalls / 8, marks.MaxSetupsInFlight);
        Assert.Equal(8L << 30, marks.MaxResidentBytes);

        var small = AdmissionMarks.Derive(new AdmissionSettings(), portPairs: 10, descriptorLimit: 0, availableMemoryBytes: 0);
        Assert.Equal(0, small.MinFreePortPairs); // a lab's range keeps no reserve
        Assert.Equal(0, small.MaxCalls); // no descriptor limit known: the ports' own exhaustion refuses (saturated)
        Assert.Equal(64, small.MaxSetupsInFlight);
        Assert.Equal(0, small.MaxDescriptors);
        Assert.Equal(0, small.MaxResidentBytes);

        Assert.Equal(2000, marks.MaxPendingWorkItems); // the default backlog mark

        var configured = AdmissionMarks.Derive(new AdmissionSettings { MaxCalls = 7, MaxSetupsInFlight = 3, MinFreePortPairs = 2, MaxMemoryMegabytes = 512, MaxPendingWorkItems = 0 }, 5000, 20000, 10L << 30);
        Assert.Equal(new AdmissionMarks(7, 3, 2, 17000, 512L << 20, 0), configured);
    }

    [Theory]
    [InlineData(-1, 0.85, 5, 8, "MaxCalls")]
    [InlineData(0, 1.5, 5, 8, "MaxDescriptorShare")]
    [InlineData(0, 0.85, 0, 8, "RetryAfterSeconds")]
    [InlineData(0, 0.85, 5, 40, "AckTimeoutSeconds")]
    public void Bad_settings_are_named(int maxCalls, double share, int retryAfter, double ackTimeout, string named)
    {
        var settings = new AdmissionSettings { MaxCalls = maxCalls, MaxDescriptorShare = share, RetryAfterSeconds = retryAfter, AckTimeoutSeconds = ackTimeout };
        Assert.Contains(named, settings.Validate(), StringComparison.Ordinal);
        Assert.Null(new AdmissionSettings().Validate());
        Assert.Contains("DrainSeconds", new ShutdownSettings { DrainSeconds = -1 }.Validate(), StringComparison.Ordinal);
    }
}
