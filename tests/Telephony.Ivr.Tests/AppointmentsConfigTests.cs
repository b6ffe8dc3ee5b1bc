namespace Telephony.Ivr.Tests;

/// <summary>Appointments in the configuration: a queue's staffing in queues.yaml, a line's reasons in its script, each mistake at its line.</summary>
public sealed class AppointmentsConfigTests : IDisposable
{
    private const string Queues = """
        queues:
          test.agents:
            name: "Test agents"
            network: TEST
            appointments: { slot: 30m, per-slot: 4, days-ahead: 10 }
          test.other:
            name: "Test autres"
            network: TEST
            appointments:
              slot: 45m
              per-slot: 1
              days-ahead: 0
              min-notice: 120m
          test.plain: { name: "Test sans rendez-vous", network: TEST }
          other.agents:
            name: "Autre réseau"
            network: OTHER
            appointments: { slot: 30m, per-slot: 1, days-ahead: 1 }

        """;

    /// <summary><see cref="ScriptDirectory.ValidScript"/> with hours and two reasons: appointments on line 7, the reasons on lines 10 and 11.</summary>
    private static readonly string Script = ScriptDirectory.ValidScript.Replace("nodes:\n", """
        opening-hours:
          monday: ["08:30-12:00", "13:30-17:00"]
        appointments:
          name: "Service de test"
          reasons:
            - { id: retraite, label: "Ma retraite", queue: test.agents }
            - { id: autre, label: "Autre chose", queue: test.other }
        nodes:

        """);

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_queue_s_staffing_and_a_line_s_reasons_are_read_with_their_defaults()
    {
        var set = _dir.WriteQueues(Queues).Write("test", Script).Load();

        Assert.Equal(new QueueAppointments(TimeSpan.FromMinutes(30), 4, 10, TimeSpan.FromHours(1)), set.Queues.Get("test.agents").Appointments);
        Assert.Equal(new QueueAppointments(TimeSpan.FromMinutes(45), 1, 0, TimeSpan.FromHours(2)), set.Queues.Get("test.other").Appointments);
        Assert.Null(set.Queues.Get("test.plain").Appointments);
        var line = set.Scripts.Single().Appointments!;
        Assert.Equal("Service de test", line.ServiceName);
        Assert.Equal(
            [new AppointmentReason("retraite", "Ma retraite", "test.agents"), new AppointmentReason("autre", "Autre chose", "test.other")],
            line.Reasons);
        Assert.Same(line.Reasons[1], line.FindReason("autre"));
        Assert.Null(line.FindReason("inconnu"));
    }

    [Theory]
    [InlineData("slot: 30m, per-slot: 4", "slot: 3m, per-slot: 4", 5, 27, "queue 'test.agents': appointments: 'slot' must be a whole number of minutes, at least 5m")]
    [InlineData("slot: 30m, per-slot: 4", "slot: 30m, per-slot: 0", 5, 42, "queue 'test.agents': appointments: field 'per-slot' must be a whole number of at least 1")]
    [InlineData("days-ahead: 10 }", "days-ahead: 91 }", 5, 57, "queue 'test.agents': appointments: 'days-ahead' must be at most 90")]
    [InlineData("days-ahead: 10 }", "days-ahead: 10, places: 3 }", 5, 61, "queue 'test.agents': appointments: unknown field 'places'")]
    [InlineData("slot: 30m, per-slot: 4, days-ahead: 10", "slot: 30m, days-ahead: 10", 5, 19, "queue 'test.agents': appointments: missing required field 'per-slot'")]
    [InlineData("      min-notice: 120m", "      min-notice: 20000m", 13, 19, "queue 'test.other': appointments: 'min-notice' must be a duration between 1ms and 10080 minutes, like 5s or 1500ms")]
    public void Each_mistake_in_a_queue_s_staffing_is_reported_at_its_line_and_column(string field, string replacement, int line, int column, string message)
    {
        _dir.WriteQueues(Queues.Replace(field, replacement)).Write("test", Script);

        var errors = _dir.Errors();

        Assert.Contains((_dir.QueuesFile, line, column, message), errors.Select(e => (e.File, e.Line, e.Column, e.Message)));
    }

    [Theory]
    [InlineData("queue: test.agents }", "queue: test.nowhere }", 10, 52, "appointments: queue 'test.nowhere' is not declared in queues.yaml")]
    [InlineData("queue: test.agents }", "queue: test.plain }", 10, 52, "appointments: queue 'test.plain' takes no appointments: give it 'appointments: { slot, per-slot, days-ahead }' in queues.yaml")]
    [InlineData("queue: test.agents }", "queue: other.agents }", 10, 52, "appointments: queue 'other.agents' belongs to network OTHER, not TEST")]
    [InlineData("id: autre, label: \"Autre chose\"", "id: retraite, label: \"Autre chose\"", 11, 7, "appointments: reason id 'retraite' is used twice")]
    [InlineData("label: \"Autre chose\"", "label: \"ma RETRAITE\"", 11, 7, "appointments: reason label 'ma RETRAITE' is used twice")]
    [InlineData("id: retraite,", "id: Retraite,", 10, 13, "appointments: reason id 'Retraite' must use only a-z, 0-9 and '-', starting with a letter or digit (it is part of URLs)")]
    [InlineData("id: retraite, label: \"Ma retraite\",", "id: retraite,", 10, 7, "appointments: reason: missing required field 'label'")]
    [InlineData("  name: \"Service de test\"\n", "", 8, 3, "appointments: missing required field 'name'")]
    [InlineData("opening-hours:\n  monday: [\"08:30-12:00\", \"13:30-17:00\"]\n", "", 6, 3, "appointments: the slots are cut from the line's hours; the script needs 'opening-hours'")]
    public void Each_mistake_in_a_line_s_reasons_is_reported_at_its_line_and_column(string field, string replacement, int line, int column, string message)
    {
        _dir.WriteQueues(Queues).Write("test", Script.Replace(field, replacement));

        var errors = _dir.Errors();

        Assert.Contains((_dir.FileOf("test"), line, column, message), errors.Select(e => (e.File, e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void Every_shipped_line_takes_appointments_on_queues_of_its_own_network()
    {
        foreach (var script in ShippedScripts.Set.Scripts)
        {
            var appointments = Assert.IsType<LineAppointments>(script.Appointments);
            Assert.NotEmpty(appointments.Reasons);
            Assert.All(appointments.Reasons, r => Assert.Equal(script.Network, script.Queues.Get(r.QueueId).Network));
            Assert.All(appointments.Reasons, r => Assert.NotNull(script.Queues.Get(r.QueueId).Appointments));
        }
    }
}

/// <summary>The appointment nodes in a script: their reason, their number of slots and the numbers they accept, checked at their line.</summary>
public sealed class AppointmentNodeValidationTests : IDisposable
{
    private const string Queues = """
        queues:
          test.agents:
            name: "Test agents"
            network: TEST
            appointments: { slot: 30m, per-slot: 4, days-ahead: 10 }

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_appointment_node_books_one_of_the_script_s_reasons_and_reads_at_most_eight_slots()
    {
        var errors = _dir.WriteQueues(Queues).Write("test", Script("""
              book:
                kind: appointment
                reason: impots
                slots: 9
                timeout: 8s
                on-booked: bye
                on-failed: bye
                accept-numbers: [mars]
            """)).Errors().Select(e => e.Message).ToList();

        Assert.Contains("node 'book': 'slots' must be at most 8 (keys 1 to 8 choose them)", errors);
        Assert.Contains("node 'book': accept-numbers 'mars' must be one of foreign, premium, short (French fixed and mobile numbers are always accepted)", errors);
    }

    [Fact]
    public void An_unknown_reason_is_named_with_the_script_s_reasons()
    {
        var errors = _dir.WriteQueues(Queues).Write("test", Script("""
              book:
                kind: appointment
                reason: impots
                timeout: 8s
                on-booked: bye
                on-failed: bye
            """)).Errors();

        var error = Assert.Single(errors);
        Assert.Equal("node 'book': reason 'impots' is not a reason of the script's appointments (the script's reasons are retraite)", error.Message);
    }

    [Fact]
    public void Valid_appointment_nodes_load_with_their_fields()
    {
        var set = _dir.WriteQueues(Queues).Write("test", Script("""
              book:
                kind: appointment
                reason: retraite
                timeout: 8s
                on-booked: bye
                on-failed: bye
                accept-numbers: [foreign]
            """)).Load();

        var node = Assert.IsType<AppointmentNode>(set.Scripts.Single().GetNode("book"));
        Assert.Equal(("retraite", 3, TimeSpan.FromSeconds(8), new NumberRules(AllowForeign: true)), (node.ReasonId, node.SlotCount, node.Timeout, node.NumberRules));
        Assert.IsType<ExistingAppointmentNode>(set.Scripts.Single().GetNode("check"));
    }

    /// <summary>A line taking appointments whose menu's key 1 leads to an existing-appointment node, then to <paramref name="book"/>.</summary>
    private static string Script(string book) => $$"""
        network: TEST
        numbers: ["3999"]
        locale: fr-FR
        start: menu
        opening-hours:
          monday: ["08:30-12:00"]
        appointments:
          name: "Service de test"
          reasons:
            - { id: retraite, label: "Ma retraite", queue: test.agents }
        nodes:
          menu:
            kind: menu
            prompt: { id: menu, text: "Tapez 1." }
            options:
              - key: "1"
                next: check
            timeout: 5s
            max-attempts: 3
            on-max-attempts: bye
          check:
            kind: existing-appointment
            timeout: 6s
            on-none: book
            on-kept: bye
            on-cancelled: bye
        {{book}}
          bye:
            kind: hangup

        """;
}
