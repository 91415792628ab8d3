namespace DropWatch.Core.Events;

/// <summary>Where a source delivers what it decoded, on the thread that asked it to receive.</summary>
public interface IDropEventSink
{
    /// <summary>One drop. Spans in <paramref name="drop"/> are valid only during the call.</summary>
    void OnDrop(in DropEvent drop);

    /// <summary>A summary arrived with the kernel's 64-location table full: further locations in that interval went uncounted.</summary>
    void OnSummaryTableFull();
}
