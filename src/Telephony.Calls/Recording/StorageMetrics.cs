using Prometheus;

namespace Telephony.Calls.Recording;

/// <summary>How the node's call-record writes fare: how many wait in the local buffer, and how many were lost.</summary>
public sealed class StorageMetrics
{
    private readonly Gauge _buffered;
    private readonly Gauge _capacity;
    private readonly Counter _bufferFull;
    private readonly Counter _rejected;
    private readonly Counter _openLate;

    public StorageMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _buffered = factory.CreateGauge(
            "telephony_storage_buffered_writes",
            "Call-record writes waiting in this node's local buffer for the database to answer again (0: the database takes them as they come).");
        _capacity = factory.CreateGauge(
            "telephony_storage_buffer_capacity",
            "How many call-record writes this node's local buffer holds at most (Storage:BufferMaxRecords).");
        _bufferFull = factory.CreateCounter(
            "telephony_storage_buffer_full_total",
            "Call-record writes lost because the local buffer was full while the database was unreachable (each is logged).");
        _rejected = factory.CreateCounter(
            "telephony_storage_writes_rejected_total",
            "Call-record writes the database refused for a reason other than being unreachable (each is logged).");
        _openLate = factory.CreateCounter(
            "telephony_storage_open_record_late_total",
            "Calls answered before their open row was durable, its wait having passed Storage:OpenRecordTimeoutMs (a database slow or just gone).");
    }

    public void BufferCapacity(int capacity) => _capacity.Set(capacity);

    public void Buffered(int count) => _buffered.Set(count);

    public void LostToFullBuffer(int count) => _bufferFull.Inc(count);

    public void Rejected() => _rejected.Inc();

    public void OpenRecordLate() => _openLate.Inc();
}
