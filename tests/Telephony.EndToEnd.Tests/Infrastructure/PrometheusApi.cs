using System.Globalization;
using System.Text.Json;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>One series of a query's answer: its labels and its value (NaN and ±Inf as Prometheus writes them).</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The labels that tell series apart on a dashboard, as "k=v,k=v" sorted: not the name, job or instance.</summary>
    public string Key => string.Join(",", Labels
        .Where(l => l.Key is not ("__name__" or "job" or "instance"))
        .OrderBy(l => l.Key, StringComparer.Ordinal)
        .Select(l => $"{l.Key}={l.Value}"));

    public override string ToString() => $"{{{Key}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A query's answer: the error Prometheus gave, or the series (instant query) or their count (range query).</summary>
public sealed record PrometheusResult(string? Error, IReadOnlyList<PrometheusSample> Samples)
{
    public override string ToString() => Error is { } error ? $"error: {error}" : Samples.Count == 0 ? "no data" : string.Join(", ", Samples);
}

/// <summary>A rule as Prometheus loaded and last evaluated it (GET /api/v1/rules).</summary>
public sealed record PrometheusRuleState(string Group, string File, string Name, bool IsRecording, string Health, string? LastError);

/// <summary>Prometheus's HTTP API, as Grafana uses it: instant and range queries, label values, rules.</summary>
public sealed class PrometheusApi(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("/-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>GET /api/v1/query at now.</summary>
    public async Task<PrometheusResult> QueryAsync(string expression)
    {
        var (error, data) = await GetAsync($"/api/v1/query?query={Uri.EscapeDataString(expression)}");
        return error is not null ? new PrometheusResult(error, []) : new PrometheusResult(null, Samples(data));
    }

    /// <summary>GET /api/v1/query_range: what a time-series panel asks for; the samples are the last point of each series.</summary>
    public async Task<PrometheusResult> QueryRangeAsync(string expression, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var query = $"/api/v1/query_range?query={Uri.EscapeDataString(expression)}"
            + $"&start={start.ToUnixTimeSeconds()}&end={end.ToUnixTimeSeconds()}&step={(int)step.TotalSeconds}s";
        var (error, data) = await GetAsync(query);
        if (error is not null)
        {
            return new PrometheusResult(error, []);
        }

        var series = data.GetProperty("result").EnumerateArray()
            .Select(s => new PrometheusSample(LabelsOf(s), ValueOf(s.GetProperty("values").EnumerateArray().Last())))
            .ToList();
        return new PrometheusResult(null, series);
    }

    /// <summary>GET /api/v1/label/{label}/values?match[]=…: what Grafana's label_values(selector, label) lists.</summary>
    public async Task<(string? Error, IReadOnlyList<string> Values)> LabelValuesAsync(string label, string selector)
    {
        var (error, data) = await GetAsync($"/api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(selector)}");
        return error is not null ? (error, []) : (null, data.EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal).ToList());
    }

    public async Task<IReadOnlyList<PrometheusRuleState>> RulesAsync()
    {
        var (error, data) = await GetAsync("/api/v1/rules");
        if (error is not null)
        {
            throw new InvalidOperationException($"GET /api/v1/rules failed: {error}");
        }

        return data.GetProperty("groups").EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray().Select(rule =>
            new PrometheusRuleState(
                group.GetProperty("name").GetString()!,
                Path.GetFileName(group.GetProperty("file").GetString()!),
                rule.GetProperty("name").GetString()!,
                rule.GetProperty("type").GetString() == "recording",
                rule.GetProperty("health").GetString()!,
                rule.TryGetProperty("lastError", out var lastError) && lastError.GetString() is { Length: > 0 } text ? text : null)))
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The answer's data, or Prometheus's error (errorType: error) for a query it refused.</summary>
    private async Task<(string? Error, JsonElement Data)> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return ($"HTTP {(int)response.StatusCode}, not JSON: {text}", default);
        }

        return root.GetProperty("status").GetString() == "success"
            ? (null, root.GetProperty("data"))
            : ($"{root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}", default);
    }

    private static List<PrometheusSample> Samples(JsonElement data) => data.GetProperty("resultType").GetString() switch
    {
        "vector" => data.GetProperty("result").EnumerateArray().Select(s => new PrometheusSample(LabelsOf(s), ValueOf(s.GetProperty("value")))).ToList(),
        "scalar" => [new PrometheusSample(new Dictionary<string, string>(), ValueOf(data.GetProperty("result")))],
        var other => throw new InvalidDataException($"an instant query answered a {other}"),
    };

    private static Dictionary<string, string> LabelsOf(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    /// <summary>A [timestamp, "value"] pair; Prometheus writes NaN, +Inf and -Inf, which .NET does not parse by those names.</summary>
    private static double ValueOf(JsonElement pair) => pair[1].GetString() switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var number => double.Parse(number!, CultureInfo.InvariantCulture),
    };
}
