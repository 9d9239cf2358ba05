using System.Globalization;
using ImageRecognition.Recognition;

namespace Recognition.Benchmarks;

/// <summary>
/// The labels DetectLabels gives each JPEG of a folder, decoded as the worker decodes it, and the
/// share of photos with at least one, with and without the whole-image labels (objects and faces
/// alone): <c>dotnet run -c Release -- --label-survey FOLDER [MinConfidence]</c>.
/// </summary>
internal static class LabelSurvey
{
    public const string Switch = "--label-survey";

    public static void Run(string folder, double minConfidence)
    {
        using var recognizer = new ObjectRecognizer(new RecognitionOptions
        {
            MinConfidence = minConfidence,
            MaxLabels = RecognitionBenchmarks.Options.MaxLabels,
        });
        var photos = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).ToList();
        var labelled = 0;
        var labelledByObjects = 0;
        foreach (var photo in photos)
        {
            using var upright = RecognitionBenchmarks.Decode(File.ReadAllBytes(photo));
            var labels = recognizer.Recognize(upright);
            labelled += labels.Count > 0 ? 1 : 0;
            labelledByObjects += LabelAggregator.ToLabels(recognizer.Detect(upright), minConfidence).Count > 0 ? 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(photo)}\t{string.Join(", ", labels.Select(l => $"{l.Name} {l.Confidence:0}"))}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{labelled} of {photos.Count} photos have at least one label ({100.0 * labelled / Math.Max(1, photos.Count):0.0} %); " +
            $"{labelledByObjects} with objects and faces alone ({100.0 * labelledByObjects / Math.Max(1, photos.Count):0.0} %)"));
    }
}
