using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telephony.Calls.Callers;
using Telephony.Calls.Configuration;
using Telephony.Storage;

namespace Telephony.Calls.Tests.Callers;

/// <summary>A caller's key: one per number however it is written, never the number, and in the form storage accepts.</summary>
public sealed class CallerKeysTests
{
    private readonly CallerKeys _keys = new(Options.Create(new CallerSettings { HashKey = new string('k', 32) }), NullLogger<CallerKeys>.Instance);

    [Fact]
    public void The_same_number_written_two_ways_has_one_key_that_storage_accepts_and_that_does_not_show_the_number()
    {
        var key = _keys.KeyOf("0612345678");

        Assert.Equal(key, _keys.KeyOf("+33 6 12 34 56 78"));
        Assert.NotEqual(key, _keys.KeyOf("0612345679"));
        Assert.True(CallerKeyFormat.IsValid(key));
        Assert.DoesNotContain("12345678", key, StringComparison.Ordinal);
    }
}
