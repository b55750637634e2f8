namespace KubeApiExporter.Host.Pipeline;

/// <summary>What the apply stage does with a <see cref="SinkCommand"/>.</summary>
internal enum SinkAction
{
    /// <summary>Publish the rendered series of an object, replacing what it had.</summary>
    Upsert,
    /// <summary>The object was re-delivered unchanged: keep its series, note the list that delivered it.</summary>
    Refresh,
    /// <summary>Remove the object and all its series.</summary>
    Delete,
    /// <summary>A (re-)list ended: remove what it did not deliver.</summary>
    ListCompleted,
    /// <summary>Nothing: a resource no longer configured, or an object that could not be flattened.</summary>
    Skip,
}
