using System.Collections.Frozen;
using System.Globalization;

namespace ImageRecognition.Recognition;

/// <summary>
/// Turns model class names into label names the way Amazon Rekognition spells them, with a small
/// table of Rekognition-style parent labels shared by the object model (COCO names) and the
/// whole-image model (the names Models/imagenet_labels.tsv gives ImageNet classes). Each label lists
/// all its ancestors, not only the nearest. Labels not in the table simply have no parents.
/// </summary>
public static class LabelTaxonomy
{
    private static readonly string[] Vehicle = ["Transportation", "Vehicle"];
    private static readonly string[] Pet = ["Animal", "Canine", "Mammal", "Pet"];
    private static readonly string[] Wildlife = ["Animal", "Mammal", "Wildlife"];
    private static readonly string[] Mammal = ["Animal", "Mammal"];
    private static readonly string[] Animal = ["Animal"];
    private static readonly string[] Invertebrate = ["Animal", "Invertebrate"];
    private static readonly string[] Landform = ["Landform", "Nature", "Outdoors"];
    private static readonly string[] WaterScene = ["Nature", "Outdoors", "Water"];
    private static readonly string[] Building = ["Architecture", "Building"];
    private static readonly string[] Produce = ["Food", "Plant"];

    private static readonly FrozenDictionary<string, string> SpecialNames =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["tv"] = "TV" }
            .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string[]> ParentsByLabel = new Dictionary<string, string[]>
    {
        ["Face"] = ["Head", "Person"],
        ["Dog"] = Pet,
        ["Cat"] = ["Animal", "Mammal", "Pet"],
        ["Bird"] = Animal,
        ["Fish"] = Animal,
        ["Reptile"] = Animal,
        ["Amphibian"] = Animal,
        ["Mammal"] = Animal,
        ["Canine"] = Mammal,
        ["Pet"] = Animal,
        ["Wildlife"] = Animal,
        ["Invertebrate"] = Animal,
        ["Insect"] = Invertebrate,
        ["Spider"] = Invertebrate,
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
        ["Aircraft"] = Vehicle,
        ["Vehicle"] = ["Transportation"],
        ["Boat"] = ["Transportation", "Vehicle", "Watercraft"],
        ["Chair"] = ["Furniture"],
        ["Couch"] = ["Furniture"],
        ["Bed"] = ["Furniture"],
        ["Table"] = ["Furniture"],
        ["Mountain"] = Landform,
        ["Valley"] = Landform,
        ["Cliff"] = Landform,
        ["Promontory"] = Landform,
        ["Landform"] = ["Nature", "Outdoors"],
        ["Beach"] = ["Coast", "Nature", "Outdoors", "Water"],
        ["Coast"] = WaterScene,
        ["Lake"] = WaterScene,
        ["Coral Reef"] = ["Nature", "Water"],
        ["Geyser"] = ["Nature", "Outdoors"],
        ["Flower"] = ["Plant"],
        ["Fruit"] = Produce,
        ["Vegetable"] = Produce,
        ["Building"] = ["Architecture"],
        ["Bridge"] = ["Architecture"],
        ["Place of Worship"] = Building,
        ["Castle"] = Building,
        ["House"] = Building,
        ["Tower"] = ["Architecture"],
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
