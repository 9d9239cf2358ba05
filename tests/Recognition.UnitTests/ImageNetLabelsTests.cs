using ImageRecognition.Recognition;

namespace Recognition.UnitTests;

/// <summary>The shipped ImageNet table: which classes count for which label, and how scores add up the taxonomy.</summary>
public sealed class ImageNetLabelsTests
{
    private const string Alp = "n09193705";
    private const string Valley = "n09468604";
    private const string CockerSpaniel = "n02102318";
    private const string GrannySmith = "n07742313";
    private const string Pinwheel = "n03944341";
    private const string DiningTable = "n03201208";

    private static readonly string Models = new RecognitionOptions().ModelsDirectory;
    private static readonly IReadOnlyList<string> ClassIds = ModelFiles.ReadImageNetClassIds(Models, MobileNetModel.ClassCount);
    private static readonly ImageNetLabels Table = ImageNetLabels.Load(Models, ClassIds);

    [Fact]
    public void A_label_scores_its_classes_together_and_a_parent_all_its_children()
    {
        var scores = Score((Alp, 0.4f), (Valley, 0.3f), (CockerSpaniel, 0.2f), (Pinwheel, 0.1f));

        Assert.Equal(0.4, scores["Mountain"], 6);
        Assert.Equal(0.3, scores["Valley"], 6);
        Assert.Equal(0.7, scores["Landform"], 6);
        Assert.Equal(0.7, scores["Nature"], 6);
        Assert.Equal(0.7, scores["Outdoors"], 6);
        Assert.Equal(0.2, scores["Dog"], 6);
        Assert.Equal(0.2, scores["Animal"], 6);
        Assert.Equal(["Animal", "Canine", "Dog", "Landform", "Mammal", "Mountain", "Nature", "Outdoors", "Pet", "Valley"], scores.Keys.Order());
    }

    [Fact]
    public void Classes_chosen_never_to_be_emitted_count_for_no_label()
    {
        Assert.Empty(Score((GrannySmith, 1f)));
    }

    [Fact]
    public void A_dining_table_is_a_table_although_WordNet_files_it_under_another_sense_of_table()
    {
        var scores = Score((DiningTable, 0.7f));

        Assert.Equal(0.7, scores["Table"], 6);
        Assert.Equal(0.7, scores["Furniture"], 6);
    }

    [Fact]
    public void Labels_come_most_likely_first()
    {
        var labels = Table.Score(Probabilities((Valley, 0.5f), (Alp, 0.2f)));

        Assert.Equal(labels.OrderByDescending(l => l.Score).Select(l => l.Name), labels.Select(l => l.Name));
        Assert.Equal("Landform", labels[0].Name);
    }

    [Fact]
    public void A_probability_list_of_the_wrong_length_is_refused() =>
        Assert.Throws<ArgumentException>(() => Table.Score(new float[10]));

    private static Dictionary<string, double> Score(params (string ClassId, float Probability)[] classes) =>
        Table.Score(Probabilities(classes)).ToDictionary(l => l.Name, l => l.Score);

    private static float[] Probabilities(params (string ClassId, float Probability)[] classes)
    {
        var probabilities = new float[ClassIds.Count];
        foreach (var (classId, probability) in classes)
        {
            probabilities[ClassIds.ToList().IndexOf(classId)] = probability;
        }

        return probabilities;
    }
}
