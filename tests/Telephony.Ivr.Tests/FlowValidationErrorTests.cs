namespace Telephony.Ivr.Tests;

/// <summary>Errors of the full format (phrases, hours, transfers, queues, collect) at the exact line and column to fix.</summary>
public sealed class FlowValidationErrorTests : IDisposable
{
    private const string OptionOne = "      - key: \"1\"\n        next: agents\n";
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Two_options_sharing_a_phrase_are_reported_at_the_second_phrase_even_with_other_case_or_accents()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace(OptionOne, """
                  - key: "1"
                    phrases: ["agent", "conseillère"]
                    next: agents
                  - key: "2"
                    phrases: ["Conseillere"]
                    next: agents

            """));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal($"{_dir.FileOf("test")}:18:19: node 'menu': phrase 'Conseillere' is already a phrase of option '1' (line 14)", error.ToString());
    }

    [Fact]
    public void An_hours_node_in_a_script_without_opening_hours_is_reported_at_the_node()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("next: menu", "next: gate") + "  gate:\n    kind: hours\n    open: menu\n    closed: bye\n");

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((24, 3, "node 'gate': an hours node needs the script's 'opening-hours'"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_transfer_to_a_number_no_script_answers_is_reported_at_the_number()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("    kind: queue\n    queue: test.agents", "    kind: transfer\n    to: \"3998\""));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((21, 9, "node 'agents': no script answers number 3998"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_backwards_opening_range_is_reported_at_the_range()
    {
        _dir.Write("test", ScriptDirectory.ValidScript + "opening-hours:\n  monday: [\"17:00-08:30\"]\n");

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((25, 12), (error.Line, error.Column));
        Assert.Equal("opening-hours: monday range '17:00-08:30' must be like 08:30-17:00, ending after it starts", error.Message);
    }

    [Fact]
    public void Hours_nodes_leading_to_each_other_are_reported_as_an_endless_loop()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("next: menu", "next: gate-a")
            + "  gate-a:\n    kind: hours\n    open: gate-b\n    closed: menu\n"
            + "  gate-b:\n    kind: hours\n    open: gate-a\n    closed: menu\n"
            + "opening-hours:\n  monday: [\"08:00-17:00\"]\n");

        var errors = _dir.Errors();

        Assert.Equal([(24, 3), (28, 3)], errors.Select(e => (e.Line, e.Column)));
        Assert.Contains("leads back to itself through hours nodes only", errors[0].Message);
    }

    [Fact]
    public void An_unknown_checksum_rule_is_reported_at_its_value()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("next: agents", "next: number") + """
              number:
                kind: collect
                prompt: { id: number, text: "Votre numéro." }
                length: 13
                checksum: spi
                timeout: 5s
                inter-digit-timeout: 3s
                max-attempts: 2
                on-valid: agents
                on-invalid: bye

            """);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((28, 15, "node 'number': checksum must be one of none, dgfip-spi, luhn"), (error.Line, error.Column, error.Message));
    }
}
