using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Messages;

public class ParserAllocationTests
{
    [Fact]
    public void Parsing_a_softphone_invite_allocates_a_bounded_amount()
    {
        var bytes = SampleMessages.Bytes(SampleMessages.SoftphoneInvite);
        for (var i = 0; i < 50; i++)
        {
            SipParser.Parse(bytes);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        const int Rounds = 200;
        for (var i = 0; i < Rounds; i++)
        {
            SipParser.Parse(bytes);
        }

        var perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;

        // About 7 KB today for this 1 KB INVITE (header strings, body copy, and the validation pass that
        // parses From/To/Via/CSeq/Contact). The bound catches accidental per-character allocations.
        Assert.InRange(perMessage, 1, 12 * 1024);
    }
}
