namespace KubeApiExporter.Registry;

/// <summary>Series churn caused by one store operation.</summary>
public readonly record struct ApplyOutcome(int SeriesAdded, int SeriesRemoved, int SeriesChanged, int ObjectsRemoved)
{
    public static ApplyOutcome operator +(ApplyOutcome a, ApplyOutcome b) =>
        new(a.SeriesAdded + b.SeriesAdded, a.SeriesRemoved + b.SeriesRemoved, a.SeriesChanged + b.SeriesChanged, a.ObjectsRemoved + b.ObjectsRemoved);
}
