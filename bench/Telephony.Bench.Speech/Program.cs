using System.Globalization;
using Telephony.Bench.Speech;

// dotnet Telephony.Bench.Speech.dll [standin|vosk|all] [--calls N] [--seconds S] [--workers W] [--recognizers R]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

var status = 0;
if (mode is "standin" or "all")
{
    StandInBench.Run(Option("--calls", 1000), Option("--seconds", 20), Option("--workers", Environment.ProcessorCount));
}

if (mode is "vosk" or "all")
{
    status = VoskBench.Run(Environment.GetEnvironmentVariable("VOSK_MODEL_PATH"), Option("--recognizers", 50));
}

return status;
