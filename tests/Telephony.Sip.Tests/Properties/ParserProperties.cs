using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Properties;

/// <summary>
/// Property-based checks of the parser: every generated well-formed request parses and survives
/// parse → serialize → parse unchanged; mutated messages never escape anything but <see cref="SipParseException"/>.
/// </summary>
public class ParserProperties
{
    [Property(MaxTest = 500)]
    public Property Generated_requests_parse_and_round_trip() =>
        Prop.ForAll(Arb.From(SipMessageGenerators.Request()), bytes =>
        {
            var first = SipParser.Parse(bytes);
            var again = SipParser.Parse(first.ToBytes());
            return first.ToString() == again.ToString() && first.Body.Span.SequenceEqual(again.Body.Span) && TypedViewIsSame(first, again);
        });

    [Property(MaxTest = 2000)]
    public Property Mutated_messages_fail_only_with_SipParseException_and_what_parses_round_trips() =>
        Prop.ForAll(Arb.From(MessageMutator.Mutated(Seeds())), bytes =>
        {
            SipMessage first;
            try
            {
                first = SipParser.Parse(bytes);
            }
            catch (SipParseException e)
            {
                return e.StatusCode is >= 400 and <= 699;
            }

            var again = SipParser.Parse(first.ToBytes());
            return first.ToString() == again.ToString();
        });

    [Property(MaxTest = 300)]
    public Property Stream_framer_never_throws_and_frames_within_the_buffer() =>
        Prop.ForAll(Arb.From(MessageMutator.Mutated(Seeds())), bytes =>
        {
            var status = SipStreamFramer.TryFrame(bytes, 65536, out var length, out _);
            return status is SipFrameStatus.NeedMoreData or SipFrameStatus.Invalid || (length > 0 && length <= bytes.Length);
        });

    private static bool TypedViewIsSame(SipMessage first, SipMessage again) =>
        first.CallId == again.CallId
        && first.CSeq == again.CSeq
        && first.From.Tag == again.From.Tag
        && first.From.Uri.ToString() == again.From.Uri.ToString()
        && first.To.Uri.ToString() == again.To.Uri.ToString()
        && first.Vias.Select(v => v.ToString()).SequenceEqual(again.Vias.Select(v => v.ToString()))
        && (first is not SipRequest request || request.RequestUri.ToString() == ((SipRequest)again).RequestUri.ToString());

    private static byte[][] Seeds()
    {
        var seeds = new List<byte[]> { SampleMessages.Bytes(SampleMessages.SoftphoneInvite) };
        if (TortureMessages.Directory is not null)
        {
            seeds.AddRange(TortureMessages.Names("valid").Select(n => TortureMessages.Read($"valid/{n}.dat")));
            seeds.AddRange(TortureMessages.Names("invalid").Select(n => TortureMessages.Read($"invalid/{n}.dat")));
        }

        return [.. seeds];
    }
}
