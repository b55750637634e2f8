using System.Reflection;
using KubeApiExporter.Configuration;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Configuration;

/// <summary>
/// The model records compare by content (a reload re-lists exactly the resources whose settings
/// differ), including their lists and maps, which a plain record would compare by reference.
/// </summary>
public class ModelEqualityTests
{
    private static ExporterConfig Shipped() =>
        ConfigLoader.LoadText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "exporter.yaml")), "exporter.yaml").Config!;

    [Fact]
    public void Two_loads_of_the_same_file_are_equal_with_equal_hash_codes()
    {
        var a = Shipped();
        var b = Shipped();

        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        for (var i = 0; i < a.Resources.Count; i++)
        {
            Assert.Equal(a.Resources[i], b.Resources[i]);
            Assert.Equal(a.Resources[i].GetHashCode(), b.Resources[i].GetHashCode());
        }
    }

    [Fact]
    public void A_changed_nested_value_makes_the_resource_differ()
    {
        var pod = Shipped().Resources.Single(r => r.Name == "pod");
        var phase = pod.States["status.phase"];
        var states = new Dictionary<string, StateConfig>(pod.States)
        {
            ["status.phase"] = phase with { Values = [.. phase.Values.Take(phase.Values.Count - 1)] },
        };
        var listKeys = new Dictionary<string, string>(pod.ListKeys) { ["containers"] = "image" };
        var info = pod.Info.Select(i => i with { Labels = new Dictionary<string, string>(i.Labels) { ["image"] = "imageID" } }).ToList();

        Assert.NotEqual(pod, pod with { States = states });
        Assert.NotEqual(pod, pod with { ListKeys = listKeys });
        Assert.NotEqual(pod, pod with { Info = info });
        Assert.Equal(pod, pod with { States = new Dictionary<string, StateConfig>(pod.States), Info = [.. pod.Info] });
    }

    [Fact]
    public void Reordered_map_entries_count_as_a_change_because_order_decides_label_order()
    {
        var a = new ResourceConfig { Labels = new() { ["node"] = "spec.nodeName", ["sa"] = "spec.serviceAccountName" } };
        var b = new ResourceConfig { Labels = new() { ["sa"] = "spec.serviceAccountName", ["node"] = "spec.nodeName" } };

        Assert.NotEqual(a, b);
    }

    public static TheoryData<string> ResourceProperties() =>
        [.. typeof(ResourceConfig).GetProperties().Where(p => p.CanWrite).Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(ResourceProperties))]
    public void Every_resource_setting_takes_part_in_equality(string property)
    {
        var original = new ResourceConfig { Name = "pod", ApiVersion = "v1", Resource = "pods" };
        var changed = With(original, typeof(ResourceConfig).GetProperty(property)!);

        Assert.NotEqual(original, changed);
        Assert.NotEqual(original.GetHashCode(), changed.GetHashCode());
    }

    public static TheoryData<Type, string> NestedProperties()
    {
        var data = new TheoryData<Type, string>();
        foreach (var record in new[] { typeof(ExporterConfig), typeof(InfoConfig), typeof(StateConfig) })
            foreach (var property in record.GetProperties().Where(p => p.CanWrite))
                data.Add(record, property.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(NestedProperties))]
    public void Every_setting_of_the_other_records_takes_part_in_equality(Type record, string property)
    {
        var original = Activator.CreateInstance(record)!;
        var changed = With(original, record.GetProperty(property)!);

        Assert.NotEqual(original, changed);
        Assert.NotEqual(original.GetHashCode(), changed.GetHashCode());
    }

    /// <summary>A copy of <paramref name="original"/> (through the record's clone) with one property changed.</summary>
    private static T With<T>(T original, PropertyInfo property) where T : notnull
    {
        var clone = (T)original.GetType().GetMethod("<Clone>$")!.Invoke(original, null)!;
        property.SetValue(clone, Different(property.PropertyType, property.GetValue(original)));
        return clone;
    }

    private static object Different(Type type, object? value) => value switch
    {
        string s => s + "x",
        bool b => !b,
        int n => n + 1,
        List<string> l => new List<string>(l) { "x" },
        List<ResourceConfig> l => new List<ResourceConfig>(l) { new() },
        List<InfoConfig> l => new List<InfoConfig>(l) { new() },
        Dictionary<string, string> d => new Dictionary<string, string>(d) { ["x"] = "y" },
        Dictionary<string, StateConfig> d => new Dictionary<string, StateConfig>(d) { ["x"] = new() },
        _ => throw new NotSupportedException($"no different value for a {type.Name}: extend this test and the record's Equals"),
    };
}
