using Telephony.Server.Records;

namespace Telephony.Server.Tests.Records;

public sealed class NodeSettingsTests
{
    [Fact]
    public void Unset_the_node_is_named_after_this_host_and_its_SIP_port_the_same_at_every_start()
    {
        var id = new NodeSettings().Resolve(5062);

        Assert.EndsWith("-5062", id, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9._-]+$", id);
        Assert.Equal(id, new NodeSettings().Resolve(5062));
        Assert.NotEqual(id, new NodeSettings().Resolve(5060));
    }

    [Fact]
    public void A_configured_id_is_kept_and_a_bad_one_refused_naming_the_key()
    {
        Assert.Equal("pbx-lyon-1", new NodeSettings { Id = " pbx-lyon-1 " }.Resolve(5060));

        var error = Assert.Throws<InvalidOperationException>(() => new NodeSettings { Id = "pbx lyon/1" }.Resolve(5060));
        Assert.Contains("Node:Id", error.Message, StringComparison.Ordinal);
    }
}
