using System.Globalization;
using SharpFuzz;
using Telephony.Fuzz.Sip;

// afl:       run under afl-fuzz after `sharpfuzz` instrumented Telephony.Sip.dll (see scripts/fuzz-sip.sh).
// libfuzzer: run under libfuzzer-dotnet, same instrumentation.
// loop:      no external tool: in-process mutational loop for N seconds over a seed corpus.
switch (args.FirstOrDefault())
{
    case "afl":
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            SipFuzzTarget.Run(buffer.ToArray());
        });
        return 0;
    case "libfuzzer":
        Fuzzer.LibFuzzer.Run(span => SipFuzzTarget.Run(span));
        return 0;
    case "loop" when args.Length >= 3:
        var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60;
        var seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : Environment.TickCount;
        return MutationLoop.Run(args[1], args[2], TimeSpan.FromSeconds(seconds), seed);
    default:
        Console.Error.WriteLine("usage: Telephony.Fuzz.Sip afl | libfuzzer | loop <seed-dir> <crash-dir> [seconds] [random-seed]");
        return 2;
}
