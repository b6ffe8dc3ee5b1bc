using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>A completed row as Dapper reads it: ids and timestamps arrive as text on SQLite and as native types on PostgreSQL.</summary>
internal sealed class CallRecordRow
{
    public const string SelectColumns = """
        SELECT id AS Id, call_id AS CallId, network AS Network, line AS Line, path AS Path, queue_id AS QueueId,
               started_at AS StartedAt, answered_at AS AnsweredAt, queued_at AS QueuedAt, ended_at AS EndedAt,
               outcome AS Outcome, end_reason AS EndReason, caller_masked AS CallerMasked,
               agent_id AS AgentId, agent_answered_at AS AgentAnsweredAt, wait_seconds AS WaitSeconds,
               talk_seconds AS TalkSeconds, ring_attempts AS RingAttempts, survey_score AS SurveyScore, node_id AS NodeId,
               transcript AS Transcript
        FROM call_records
        """;

    public object Id { get; set; } = "";

    public string CallId { get; set; } = "";

    public string Network { get; set; } = "";

    public string Line { get; set; } = "";

    public string Path { get; set; } = "";

    public string? QueueId { get; set; }

    public object StartedAt { get; set; } = "";

    public object? AnsweredAt { get; set; }

    public object? QueuedAt { get; set; }

    public object EndedAt { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string? EndReason { get; set; }

    public string? CallerMasked { get; set; }

    public string? AgentId { get; set; }

    public object? AgentAnsweredAt { get; set; }

    public double? WaitSeconds { get; set; }

    public double? TalkSeconds { get; set; }

    public long RingAttempts { get; set; }

    public long? SurveyScore { get; set; }

    public string? Transcript { get; set; }

    public string? NodeId { get; set; }

    public CallRecord ToRecord() => new()
    {
        Id = SqlDialect.FromDbId(Id),
        CallId = CallId,
        Network = Network,
        Line = Line,
        Path = Path,
        QueueId = QueueId,
        StartedAt = SqlDialect.FromDbTimestamp(StartedAt),
        AnsweredAt = SqlDialect.FromDbNullableTimestamp(AnsweredAt),
        QueuedAt = SqlDialect.FromDbNullableTimestamp(QueuedAt),
        EndedAt = SqlDialect.FromDbTimestamp(EndedAt),
        Outcome = Outcome,
        EndReason = EndReason,
        CallerMasked = CallerMasked,
        AgentId = AgentId,
        AgentAnsweredAt = SqlDialect.FromDbNullableTimestamp(AgentAnsweredAt),
        WaitSeconds = WaitSeconds,
        TalkSeconds = TalkSeconds,
        RingAttempts = (int)RingAttempts,
        SurveyScore = (int?)SurveyScore,
        Transcript = Transcript,
        NodeId = NodeId,
    };
}

/// <summary>An open row as Dapper reads it.</summary>
internal sealed class OpenCallRecordRow
{
    public const string SelectColumns = """
        SELECT id AS Id, call_id AS CallId, network AS Network, line AS Line, started_at AS StartedAt, answered_at AS AnsweredAt,
               caller_masked AS CallerMasked, node_id AS NodeId, node_instance AS NodeInstance
        FROM call_records
        """;

    public object Id { get; set; } = "";

    public string CallId { get; set; } = "";

    public string Network { get; set; } = "";

    public string Line { get; set; } = "";

    public object StartedAt { get; set; } = "";

    public object? AnsweredAt { get; set; }

    public string? CallerMasked { get; set; }

    public string? NodeId { get; set; }

    public string? NodeInstance { get; set; }

    public OpenCallRecord ToRecord() => new()
    {
        Id = SqlDialect.FromDbId(Id),
        CallId = CallId,
        Network = Network,
        Line = Line,
        StartedAt = SqlDialect.FromDbTimestamp(StartedAt),
        AnsweredAt = SqlDialect.FromDbNullableTimestamp(AnsweredAt),
        CallerMasked = CallerMasked,
        Node = new NodeIdentity(NodeId ?? "", NodeInstance ?? ""),
    };
}
