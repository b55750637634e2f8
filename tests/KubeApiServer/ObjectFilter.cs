namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// What a list or watch request restricts itself to: the namespace from the path plus the
/// label and field selectors. Watches test each event's object against it; an object that
/// stops matching after an update is simply no longer sent (the real server would send a
/// DELETED for it — not needed by the tests here).
/// </summary>
internal sealed record ObjectFilter(string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public bool Matches(StoredObject obj) =>
        (Namespace is null || obj.Namespace == Namespace) && Labels.Matches(obj.Labels) && Fields.Matches(obj.Element);
}
