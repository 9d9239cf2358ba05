namespace ImageRecognition.Recognition;

/// <summary>
/// Turns MobileNet's 1000 ImageNet probabilities into labels people search for, by the table in
/// Models/imagenet_labels.tsv ("alp" is Mountain, each dog breed is Dog). A label scores the
/// probability of all its classes together, and each parent the sum over all its children, so an
/// alpine photo split between alp and valley is still surely Landform, Nature and Outdoors.
/// </summary>
public sealed class ImageNetLabels
{
    private const char Separator = '\t';

    // Every label and parent the table can give, and per model output the indexes (into that list)
    // of the label the class counts for and of its parents: empty for classes left unnamed. Indexes
    // built once keep scoring a photo to a few thousand additions.
    private readonly string[] _names;
    private readonly int[][] _labelIndexesOfClass;

    private ImageNetLabels(string?[] labelOfClass)
    {
        _names = [.. labelOfClass.OfType<string>().SelectMany(l => LabelTaxonomy.ParentsOf(l).Prepend(l)).Distinct(StringComparer.Ordinal)];
        var indexOf = _names.Select((name, index) => (name, index)).ToDictionary(n => n.name, n => n.index, StringComparer.Ordinal);
        _labelIndexesOfClass = [.. labelOfClass.Select(label => label is null
            ? []
            : LabelTaxonomy.ParentsOf(label).Prepend(label).Select(name => indexOf[name]).ToArray())];
    }

    /// <summary>Reads the table for a model whose outputs are <paramref name="classIds"/> (WordNet ids, in output order).</summary>
    public static ImageNetLabels Load(string modelsDirectory, IReadOnlyList<string> classIds)
    {
        ArgumentNullException.ThrowIfNull(classIds);
        var path = ModelFiles.Require(modelsDirectory, ModelFiles.ImageNetLabels);
        var outputOfClass = classIds.Select((id, output) => (id, output)).ToDictionary(c => c.id, c => c.output, StringComparer.Ordinal);
        var labelOfClass = new string?[classIds.Count];
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var fields = line.Split(Separator);
            if (fields.Length < 2 || !outputOfClass.TryGetValue(fields[0], out var output) || string.IsNullOrWhiteSpace(fields[1]))
            {
                throw new InvalidDataException($"'{path}' has a line that names no class of the model: '{line}'.");
            }

            labelOfClass[output] = fields[1];
        }

        return new ImageNetLabels(labelOfClass);
    }

    /// <summary>Every label a class of the table with some probability counts for, parents included, scored 0..1, best first.</summary>
    public IReadOnlyList<WholeImageLabel> Score(float[] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Length != _labelIndexesOfClass.Length)
        {
            throw new ArgumentException($"{_labelIndexesOfClass.Length} class probabilities were expected.", nameof(probabilities));
        }

        var scores = new double[_names.Length];
        for (var output = 0; output < probabilities.Length; output++)
        {
            foreach (var labelIndex in _labelIndexesOfClass[output])
            {
                scores[labelIndex] += probabilities[output];
            }
        }

        // Float sums of probabilities may pass 1 by a rounding error.
        return _names
            .Select((name, index) => new WholeImageLabel(name, Math.Min(1, scores[index])))
            .Where(l => l.Score > 0)
            .OrderByDescending(l => l.Score)
            .ThenBy(l => l.Name, StringComparer.Ordinal)
            .ToList();
    }
}
