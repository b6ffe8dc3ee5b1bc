using System.Diagnostics;

namespace Telephony.Fuzz;

/// <summary>
/// Fallback when neither AFL nor libFuzzer is installed: a plain in-process mutational fuzzer (byte flips, inserts of
/// syntax bytes of SIP, SDP and YAML, deletions, duplications, splices between seeds) without coverage feedback. Much weaker than
/// a coverage-guided run, but it needs nothing beyond dotnet. Crashing inputs are written to the output folder.
/// </summary>
public static class MutationLoop
{
    private static readonly byte[] Interesting = "\r\n :;,<>\"\\@[]%=/0\t?&{}-|*!#'"u8.ToArray().Concat(new byte[] { 0, 0xFF, 0xC3, 0x80 }).ToArray();

    public static int Run(FuzzTarget target, string corpusDirectory, string crashDirectory, TimeSpan duration, int seed)
    {
        var seeds = Directory.Exists(corpusDirectory)
            ? Directory.EnumerateFiles(corpusDirectory, "*", SearchOption.AllDirectories).Where(Replay.IsInput).Select(File.ReadAllBytes).ToList()
            : [];
        if (seeds.Count == 0)
        {
            Console.Error.WriteLine($"no seed messages in {corpusDirectory}");
            return 2;
        }

        Directory.CreateDirectory(crashDirectory);
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        long executions = 0, parsed = 0, crashes = 0;
        while (clock.Elapsed < duration)
        {
            var input = Mutate(seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)], random);
            executions++;
            try
            {
                target(input);
                parsed++;
            }
            catch (Exception e)
            {
                crashes++;
                var path = Path.Combine(crashDirectory, $"crash-{executions}");
                File.WriteAllBytes(path, input);
                Console.Error.WriteLine($"{e.GetType().Name}: {e.Message} -> {path}");
            }
        }

        Console.WriteLine($"{executions} inputs in {clock.Elapsed.TotalSeconds:F0} s ({executions / clock.Elapsed.TotalSeconds:F0}/s), {crashes} crashes; target returned normally {parsed} times (seed {seed})");
        return crashes == 0 ? 0 : 1;
    }

    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 9);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            var length = Math.Min(random.Next(1, 40), bytes.Count - at);
            var value = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveRange(at, length);
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4:
                    // Splice: a slice of another seed, e.g. a header line from a different message.
                    var from = random.Next(other.Length);
                    bytes.InsertRange(at, other.AsSpan(from, Math.Min(length, other.Length - from)).ToArray());
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
