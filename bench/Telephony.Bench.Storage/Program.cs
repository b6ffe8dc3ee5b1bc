using System.Globalization;
using Telephony.Bench.Storage;
using Telephony.Storage;

// Call records written per second and grain-state writes per second, on each storage provider, at several
// numbers of concurrent writers. Every step runs for a fixed time on a fresh database and stops by itself.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: Telephony.Bench.Storage [--providers sqlite,postgres] [--seconds 10] [--concurrency 1,8,32] [--postgres <Npgsql connection string>]");
    return 2;
}

const int WriterCalls = 20_000;
Console.WriteLine($"{Environment.ProcessorCount} cores, {options.StepDuration.TotalSeconds:0} s per step");
Console.WriteLine("| Provider | Operation | Writers | Done | Per second | p50 | p99 |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var provider in options.Providers)
{
    await using var database = await BenchDatabase.CreateAsync(provider, options.PostgresConnectionString);
    foreach (var workers in options.Concurrency)
    {
        Print(provider, "call record", await StorageLoads.CallRecordsAsync(database.Options, workers, options.StepDuration));
    }

    foreach (var workers in options.Concurrency)
    {
        Print(provider, "write-ahead call (open + complete)", await DurabilityLoads.WriteAheadCallsAsync(database.Options, workers, options.StepDuration));
    }

    foreach (var workers in options.Concurrency)
    {
        // The latency columns are the call path's cost: queuing a write, not storing it.
        Print(provider, "call through the writer (enqueue latency)", await DurabilityLoads.WriterCallsAsync(database.Options, workers, WriterCalls));
    }

    Print(provider, "calls replayed from the buffer", await DurabilityLoads.ReplayAsync(database.Options, WriterCalls));

    using var silo = await StorageLoads.StartSiloAsync(database.Options);
    var storage = StorageLoads.DefaultStorage(silo);
    foreach (var workers in options.Concurrency)
    {
        Print(provider, "grain state", await StorageLoads.GrainStateAsync(storage, workers, options.StepDuration));
    }

    await silo.StopAsync();
}

foreach (var batch in new[] { 1, 200 })
{
    Print(null, $"buffer append, {batch} a sync", await DurabilityLoads.BufferAppendsAsync(batch, options.StepDuration));
}

return 0;

static void Print(StorageProvider? provider, string operation, StepResult result) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {provider?.ToString() ?? "disk"} | {operation} | {result.Workers} | {result.Operations:N0} | {result.PerSecond:N0} | {Ms(result.P50)} | {Ms(result.P99)} |"));

// Enqueueing a write costs microseconds: shown as such rather than as 0.00 ms.
static string Ms(TimeSpan t) => t == TimeSpan.Zero ? "—"
    : t < TimeSpan.FromMilliseconds(0.1) ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMicroseconds:0.0} µs")
    : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.00} ms");
