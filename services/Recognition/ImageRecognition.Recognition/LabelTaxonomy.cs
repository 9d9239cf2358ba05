using System.Collections.Frozen;
using System.Globalization;

namespace ImageRecognition.Recognition;

/// <summary>
/// Turns model class names into label names the way Amazon Rekognition spells them, with a small
/// table of Rekognition-style parent labels. Classes not in the table simply have no parents.
/// </summary>
public static class LabelTaxonomy
{
    private static readonly string[] Vehicle = ["Transportation", "Vehicle"];
    private static readonly string[] Pet = ["Animal", "Canine", "Mammal", "Pet"];
    private static readonly string[] Wildlife = ["Animal", "Mammal", "Wildlife"];
    private static readonly string[] Mammal = ["Animal", "Mammal"];

    private static readonly FrozenDictionary<string, string> SpecialNames =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["tv"] = "TV" }
            .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string[]> ParentsByLabel = new Dictionary<string, string[]>
    {
        ["Face"] = ["Head", "Person"],
        ["Dog"] = Pet,
        ["Cat"] = ["Animal", "Mammal", "Pet"],
        ["Bird"] = ["Animal"],
        ["Horse"] = Mammal,
        ["Sheep"] = Mammal,
        ["Cow"] = Mammal,
        ["Elephant"] = Wildlife,
        ["Bear"] = Wildlife,
        ["Zebra"] = Wildlife,
        ["Giraffe"] = Wildlife,
        ["Car"] = Vehicle,
        ["Bus"] = Vehicle,
        ["Truck"] = Vehicle,
        ["Train"] = Vehicle,
        ["Bicycle"] = Vehicle,
        ["Motorcycle"] = Vehicle,
        ["Airplane"] = ["Aircraft", "Transportation", "Vehicle"],
        ["Boat"] = ["Transportation", "Vehicle", "Watercraft"],
        ["Chair"] = ["Furniture"],
        ["Couch"] = ["Furniture"],
        ["Bed"] = ["Furniture"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>"traffic light" becomes "Traffic Light"; a few names keep their usual spelling ("TV").</summary>
    public static string LabelName(string className)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        return SpecialNames.TryGetValue(className, out var special)
            ? special
            : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(className.Trim().ToLowerInvariant());
    }

    /// <summary>Parent labels of a label name, alphabetical as Rekognition lists them; empty when it has none.</summary>
    public static IReadOnlyList<string> ParentsOf(string labelName) =>
        ParentsByLabel.TryGetValue(labelName, out var parents) ? parents : [];
}
