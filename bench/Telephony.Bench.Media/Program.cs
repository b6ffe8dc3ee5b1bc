using System.Diagnostics;
using System.Globalization;
using Telephony.Bench.Media;

// Usage:
//   dotnet run -c Release --project bench/Telephony.Bench.Media -- run [--mode ivr|bridge|both] [--steps 100,250,500,1000]
//        [--seconds 20] [--warmup 3] [--out bench/Telephony.Bench.Media/results]
//   (the "load" command is started by "run" as a second process; it is not meant to be run by hand)
if (args.Length > 0 && args[0] == "load")
{
    return LoadGenerator.Run();
}

if (args.Length == 0 || args[0] != "run")
{
    Console.Error.WriteLine("usage: run [--mode ivr|bridge|both] [--steps 100,250,500,1000,1500,2000] [--bridge-steps ...] [--seconds 20] [--warmup 3] [--out DIR]");
    return 2;
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

int[] Steps(string text) => [.. text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];

var mode = Option("--mode", "both");
var ivrSteps = Steps(Option("--steps", "100,250,500,1000,1500,2000"));
var bridgeSteps = Steps(Option("--bridge-steps", "100,250,500,750,1000"));
var seconds = double.Parse(Option("--seconds", "20"), CultureInfo.InvariantCulture);
var warmup = double.Parse(Option("--warmup", "3"), CultureInfo.InvariantCulture);
var output = Option("--out", Path.Combine("bench", "Telephony.Bench.Media", "results"));
Directory.CreateDirectory(output);

var self = Environment.ProcessPath!;
var start = new ProcessStartInfo(self)
{
    RedirectStandardInput = true,
    RedirectStandardOutput = true,
    UseShellExecute = false,
};
if (Path.GetFileNameWithoutExtension(self) == "dotnet")
{
    start.ArgumentList.Add(typeof(LoadGenerator).Assembly.Location);
}

start.ArgumentList.Add("load");
using var load = Process.Start(start)!;
var ready = await load.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("load generator did not start");
var loadPorts = ready["READY ".Length..].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load generator pid {load.Id} on 127.0.0.1:{string.Join(',', loadPorts)}");

var runner = new ServerRunner(load, loadPorts, warmup, seconds);
var results = new List<StepResult>();
Console.WriteLine("| mode | calls | p50 ms | p99 ms | max ms | dropped | loss % | server CPU % | CPU %/call | RSS MiB | RSS KiB/call | target met |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
var plan = new List<(string Mode, int Calls)>();
if (mode is "ivr" or "both")
{
    plan.AddRange(ivrSteps.Select(c => ("ivr", c)));
}

if (mode is "bridge" or "both")
{
    plan.AddRange(bridgeSteps.Select(c => ("bridge", c)));
}

foreach (var (stepMode, calls) in plan)
{
    var result = await runner.RunAsync(stepMode, calls);
    results.Add(result);
    Console.WriteLine(result.ToTableRow());
    Console.Error.WriteLine($"  load generator: {result.LoadReport}");
}

await load.StandardInput.WriteLineAsync("QUIT");
await load.StandardInput.FlushAsync();
if (!load.WaitForExit(5000))
{
    load.Kill();
}

runner.Stop();
var csv = Path.Combine(output, "results.csv");
await File.WriteAllLinesAsync(csv, [StepResult.CsvHeader, .. results.Select(r => r.ToCsv())]);
Console.WriteLine($"wrote {csv}");
foreach (var group in results.GroupBy(r => r.Mode))
{
    var best = group.Where(r => r.MeetsTarget).Select(r => r.Calls).DefaultIfEmpty(0).Max();
    Console.WriteLine($"{group.Key}: largest load meeting p99 <= 2 ms with no dropped call: {best} calls");
}

return 0;
