namespace KubeApiExporter.Flattener;

/// <summary>What a JSON string value of an object became, which decides the metric it is exported under.</summary>
internal enum StringConversion
{
    /// <summary>Not a number in any form: skipped.</summary>
    None,
    /// <summary>A quantity, a timestamp or a condition status: exported under the field's own name.</summary>
    Number,
    /// <summary>"N%": exported as N under the field's name with <c>_percent</c> appended.</summary>
    Percent,
    /// <summary>A Go/Kubernetes duration: exported in seconds under the field's name with <c>_seconds</c> appended.</summary>
    Seconds,
}
