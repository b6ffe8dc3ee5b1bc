using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Rtp;

public class ReceiveRegistrationsTests
{
    [Fact]
    public void A_token_stops_matching_once_removed_even_when_its_id_goes_to_a_new_registration()
    {
        var registrations = new ReceiveRegistrations<string>();
        var old = registrations.Add("old socket");
        Assert.True(registrations.Remove(old));

        var fresh = registrations.Add("new socket");

        Assert.Equal((uint)old, (uint)fresh); // the id is reused...
        Assert.Null(registrations.Find(old)); // ...but an event still carrying the old token finds nothing
        Assert.Equal("new socket", registrations.Find(fresh));
        Assert.False(registrations.Remove(old));
        Assert.Equal("new socket", registrations.Find(fresh));
    }

    [Fact]
    public void Thousands_of_registrations_stay_findable_while_the_table_grows()
    {
        var registrations = new ReceiveRegistrations<string>();
        var tokens = Enumerable.Range(0, 3000).Select(i => registrations.Add($"socket {i}")).ToList();

        Assert.All(tokens.Select((token, i) => (token, i)), t => Assert.Equal($"socket {t.i}", registrations.Find(t.token)));
        Assert.Null(registrations.Find(0));
        Assert.Null(registrations.Find(long.MaxValue));
    }
}
