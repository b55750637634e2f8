using KubeApiExporter.Fetcher;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>What the render stage hands the apply stage; <see cref="Action"/> says which case it is.</summary>
/// <param name="Key">The object's store key; empty for <see cref="SinkAction.ListCompleted"/> and <see cref="SinkAction.Skip"/>.</param>
/// <param name="Rendered">The object's series for <see cref="SinkAction.Upsert"/>; <see cref="RenderedObject.Empty"/> otherwise.</param>
internal readonly record struct SinkCommand(
    SinkAction Action,
    WatchTarget Target,
    long Generation,
    string Key,
    RenderedObject Rendered,
    long ReceivedTimestamp)
{
    public static SinkCommand Upsert(ObjectChange change, RenderedObject rendered) => Of(SinkAction.Upsert, change, rendered);

    public static SinkCommand Refresh(ObjectChange change) => Of(SinkAction.Refresh, change, RenderedObject.Empty);

    public static SinkCommand Delete(ObjectChange change) => Of(SinkAction.Delete, change, RenderedObject.Empty);

    public static SinkCommand ListCompleted(ObjectChange change) => Of(SinkAction.ListCompleted, change, RenderedObject.Empty);

    public static SinkCommand Skip(ObjectChange change) => Of(SinkAction.Skip, change, RenderedObject.Empty);

    private static SinkCommand Of(SinkAction action, ObjectChange change, RenderedObject rendered) =>
        new(action, change.Target, change.Generation, change.Key, rendered, change.ReceivedTimestamp);
}
