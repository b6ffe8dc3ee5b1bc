using FsCheck;
using FsCheck.Fluent;

namespace Telephony.Sip.Tests.Properties;

/// <summary>Generates hostile variants of real messages: flipped, inserted, deleted and duplicated bytes, cut messages.</summary>
internal static class MessageMutator
{
    // Bytes that matter to the SIP grammar, chosen more often than random noise.
    private static readonly byte[] Interesting = "\r\n :;,<>\"\\@[]%=/0\t?&"u8.ToArray().Concat(new byte[] { 0, 0xFF, 0xC3, 0x80 }).ToArray();

    public static Gen<byte[]> Mutated(byte[][] seeds) =>
        from seed in Gen.Elements(seeds)
        from edits in Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(Edit(), n))
        select Apply(seed, edits);

    private static Gen<(int Kind, int Position, int Length, byte Value)> Edit() =>
        from kind in Gen.Choose(0, 5)
        from position in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(1, 40)
        from value in Gen.OneOf(Gen.Elements(Interesting), Gen.Choose(0, 255).Select(b => (byte)b))
        select (kind, position, length, value);

    private static byte[] Apply(byte[] seed, (int Kind, int Position, int Length, byte Value)[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, position, length, value) in edits)
        {
            if (bytes.Count == 0)
            {
                bytes.Add(value);
                continue;
            }

            var at = position % bytes.Count;
            var span = Math.Min(length, bytes.Count - at);
            switch (kind)
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveRange(at, span);
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, span));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    // Swap two regions' starting bytes: reorders separators.
                    var other = (at + length) % bytes.Count;
                    (bytes[at], bytes[other]) = (bytes[other], bytes[at]);
                    break;
            }
        }

        return [.. bytes];
    }
}
