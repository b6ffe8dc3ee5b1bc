using System.Text.Json;

namespace Telephony.Ivr.Tests;

/// <summary>The JSON Schema editors use must describe the same node kinds as the loader accepts.</summary>
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
}
