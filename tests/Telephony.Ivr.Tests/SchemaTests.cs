using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telephony.Ivr.Tests;

/// <summary>
/// The JSON Schemas editors use (scripts and queues file) must describe the same fields, values and limits as the
/// loader accepts.
/// </summary>
public sealed class SchemaTests
{
    [Fact]
    public void The_schema_lists_exactly_the_node_kinds_the_loader_supports()
    {
        var kinds = ScriptSchema().GetProperty("$defs").GetProperty("node").GetProperty("properties")
            .GetProperty("kind").GetProperty("enum").EnumerateArray().Select(k => k.GetString()!);

        Assert.Equal(NodeParsers.SupportedKinds.Order(), kinds.Order());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("12")]
    [InlineData("*9")]
    [InlineData("1234")]
    [InlineData("#")]
    [InlineData("12345")]
    [InlineData("1a")]
    [InlineData("")]
    [InlineData("1 2")]
    public void The_schema_key_pattern_accepts_the_same_option_keys_as_the_loader(string key)
    {
        var keySchema = Menu().GetProperty("options").GetProperty("items").GetProperty("properties").GetProperty("key");
        var pattern = keySchema.GetProperty("oneOf").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "string").GetProperty("pattern").GetString()!;

        Assert.Equal(MenuOption.IsValidKey(key), Regex.IsMatch(key, pattern));
    }

    [Fact]
    public void The_schema_allows_a_menu_inter_digit_timeout_written_as_a_duration()
    {
        var property = Menu().GetProperty("inter-digit-timeout");

        Assert.Equal("#/$defs/duration", property.GetProperty("$ref").GetString());
    }

    [Fact]
    public void The_queues_schema_lists_exactly_the_fields_of_a_queue_and_the_no_agent_rules()
    {
        var queue = QueuesSchema().GetProperty("$defs").GetProperty("queue");

        Assert.Equal(QueuesFileParser.QueueFields.Order(), Names(queue.GetProperty("properties")).Order());
        Assert.Equal(["name", "network"], queue.GetProperty("required").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(
            QueuesFileParser.NoAgentRules.Keys.Order(),
            queue.GetProperty("properties").GetProperty("when-no-agent").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).Order());
        Assert.Equal(
            QueuesFileParser.CallbackOrders.Keys.Order(),
            queue.GetProperty("properties").GetProperty("callback-order").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).Order());
    }

    [Fact]
    public void The_queues_schema_defaults_and_limits_are_the_loader_ones()
    {
        var properties = QueuesSchema().GetProperty("$defs").GetProperty("queue").GetProperty("properties");

        Assert.Equal("20s", properties.GetProperty("ring-timeout").GetProperty("default").GetString());
        Assert.Equal(TimeSpan.FromSeconds(20), QueueDefinition.DefaultRingTimeout);
        Assert.Equal("30s", properties.GetProperty("wrap-up").GetProperty("default").GetString());
        Assert.Equal(TimeSpan.FromSeconds(30), QueueDefinition.DefaultWrapUp);
        Assert.Equal(QueuesFileParser.MaxNameLength, properties.GetProperty("name").GetProperty("maxLength").GetInt32());
    }

    [Theory]
    [InlineData("cnav.retraite")]
    [InlineData("dgfip.paiement-difficultes")]
    [InlineData("a_b")]
    [InlineData("Cnav.retraite")]
    [InlineData(".cnav")]
    [InlineData("cnav retraite")]
    [InlineData("")]
    public void The_queues_schema_id_pattern_accepts_the_same_queue_ids_as_the_loader(string id)
    {
        var pattern = QueuesSchema().GetProperty("$defs").GetProperty("queueId").GetProperty("pattern").GetString()!;

        Assert.Equal(QueuesFileParser.IsValidId(id), Regex.IsMatch(id, pattern));
    }

    [Theory]
    [InlineData("CNAV retraite")]
    [InlineData("DGFiP prélèvement à la source")]
    [InlineData("CAF prime d'activité et RSA")]
    [InlineData("Test \"agents\"")]
    [InlineData("Test\\agents")]
    [InlineData("Test\tagents")]
    public void The_queues_schema_name_pattern_refuses_the_same_names_as_the_loader(string name)
    {
        var pattern = QueuesSchema().GetProperty("$defs").GetProperty("queue").GetProperty("properties").GetProperty("name").GetProperty("pattern").GetString()!;

        Assert.Equal(QueuesFileParser.IsDisplayable(name), Regex.IsMatch(name, pattern));
    }

    [Fact]
    public void The_queue_node_schema_has_the_branches_and_announcements_but_not_the_fields_that_moved_to_the_queues_file()
    {
        var properties = Names(ScriptSchema().GetProperty("$defs").GetProperty("queue").GetProperty("properties")).ToList();

        Assert.Equal(["kind", "queue", "priority", "on-max-wait", "on-full", "announce-position", "announce-wait"], properties);
        Assert.DoesNotContain(properties, NodeParsers.MovedQueueFields.Contains);
    }

    [Fact]
    public void The_script_schema_describes_the_survey_labels_and_for_agent_with_the_loader_limits()
    {
        var defs = ScriptSchema().GetProperty("$defs");
        var survey = defs.GetProperty("survey");
        var label = Menu().GetProperty("options").GetProperty("items").GetProperty("properties").GetProperty("label");
        var forAgent = defs.GetProperty("collect").GetProperty("properties").GetProperty("for-agent");

        Assert.Equal("#/$defs/survey", ScriptSchema().GetProperty("properties").GetProperty("survey").GetProperty("$ref").GetString());
        Assert.Equal(SurveyParser.Fields.Order(), Names(survey.GetProperty("properties")).Order());
        Assert.Equal(["prompt", "timeout"], survey.GetProperty("required").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(MenuOption.MaxLabelLength, label.GetProperty("maxLength").GetInt32());
        Assert.Equal(CollectNode.MaxForAgentLength, forAgent.GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public void The_shipped_files_name_their_schema_for_editors()
    {
        Assert.StartsWith("# yaml-language-server: $schema=schema/ivr-queues.schema.json", File.ReadAllText(Path.Combine(RepoPaths.IvrScripts, IvrQueues.FileName)));
        Assert.All(
            ShippedScripts.Set.Scripts,
            s => Assert.StartsWith("# yaml-language-server: $schema=schema/ivr-script.schema.json", File.ReadAllText(s.SourcePath)));
    }

    [Fact]
    public void Both_schemas_list_exactly_the_appointment_fields_the_loader_reads()
    {
        var queue = QueuesSchema().GetProperty("$defs").GetProperty("queue").GetProperty("properties").GetProperty("appointments");
        var line = ScriptSchema().GetProperty("$defs").GetProperty("appointments");
        var reason = line.GetProperty("properties").GetProperty("reasons").GetProperty("items");

        Assert.Equal(AppointmentsParser.QueueFields.Order(), Names(queue.GetProperty("properties")).Order());
        Assert.Equal(AppointmentsParser.LineFields.Order(), Names(line.GetProperty("properties")).Order());
        Assert.Equal(AppointmentsParser.ReasonFields.Order(), Names(reason.GetProperty("properties")).Order());
        Assert.Equal(QueueAppointments.MaxDaysAhead, queue.GetProperty("properties").GetProperty("days-ahead").GetProperty("maximum").GetInt32());
        Assert.Equal(AppointmentsParser.MaxLabelLength, line.GetProperty("properties").GetProperty("name").GetProperty("maxLength").GetInt32());
    }

    private static IEnumerable<string> Names(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).ToList();

    private static JsonElement Menu() => ScriptSchema().GetProperty("$defs").GetProperty("menu").GetProperty("properties");

    private static JsonElement ScriptSchema() => Read("ivr-script.schema.json");

    private static JsonElement QueuesSchema() => Read("ivr-queues.schema.json");

    private static JsonElement Read(string file)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.IvrScripts, "schema", file)));
        return schema.RootElement.Clone();
    }
}
