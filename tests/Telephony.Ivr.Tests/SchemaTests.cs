using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telephony.Ivr.Tests;

/// <summary>The JSON Schema editors use must describe the same node kinds and menu keys as the loader accepts.</summary>
public sealed class SchemaTests
{
    [Fact]
    public void The_schema_lists_exactly_the_node_kinds_the_loader_supports()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.IvrScripts, "schema", "ivr-script.schema.json")));
        var kinds = schema.RootElement.GetProperty("$defs").GetProperty("node").GetProperty("properties")
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

    private static JsonElement Menu()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.IvrScripts, "schema", "ivr-script.schema.json")));
        return schema.RootElement.GetProperty("$defs").GetProperty("menu").GetProperty("properties").Clone();
    }
}
