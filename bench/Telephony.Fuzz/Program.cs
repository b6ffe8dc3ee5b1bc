using System.Globalization;
using SharpFuzz;
using Telephony.Fuzz;

// afl <target>:        under afl-fuzz, after `sharpfuzz` instrumented the target's assemblies (scripts/fuzz.sh).
// libfuzzer <target>:  under libfuzzer-dotnet, same instrumentation.
// loop <target> <seed-dir> <crash-dir> [seconds] [random-seed]: no external tool, an in-process mutational loop.
// replay <target> <file-or-dir>...: runs each file once and names those that throw (a crash found by AFL, the corpus).
// assemblies <target>: prints the assemblies to instrument, one a line (for scripts).
var usage = $"usage: Telephony.Fuzz afl|libfuzzer|assemblies <target> | loop <target> <seed-dir> <crash-dir> [seconds] [random-seed] | replay <target> <path>...; targets: {string.Join(", ", FuzzTargets.All.Keys)}";
if (args.Length < 2 || !FuzzTargets.TryGet(args[1], out var target))
{
    Console.Error.WriteLine(usage);
    return 2;
}

switch (args[0])
{
    case "afl":
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    case "libfuzzer":
        Fuzzer.LibFuzzer.Run(span => target(span));
        return 0;
    case "assemblies":
        Console.WriteLine(string.Join('\n', FuzzTargets.All[args[1]].Assemblies));
        return 0;
    case "loop" when args.Length >= 4:
        var seconds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 60;
        var seed = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : Environment.TickCount;
        return MutationLoop.Run(target, args[2], args[3], TimeSpan.FromSeconds(seconds), seed);
    case "replay" when args.Length >= 3:
        return Replay.Run(target, args[2..]);
    default:
        Console.Error.WriteLine(usage);
        return 2;
}
