using System.Globalization;
using System.Security.Cryptography;
using ImageRecognition.Contracts;

namespace ImageRecognition.Recognition;

/// <summary>
/// What the offline recognizer's labels are made by: each model file named with the start of its SHA-256 (so a
/// replaced file is a new version even under the same name), the ImageNet label map, and the settings that shape
/// the list. Computed from the files once per process, without loading the models.
/// </summary>
public static class RecognizerProvenance
{
    public const string Provider = "Onnx";

    /// <summary>Hex digits of the SHA-256 kept in a version: enough to tell files apart, short enough to read.</summary>
    const int HashDigits = 12;

    public static LabelsProvenance Describe(RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LabelsProvenance(Provider,
        [
            new ModelVersion("NanoDet", VersionOf(options.ModelsDirectory, ModelFiles.NanoDet)),
            new ModelVersion("BlazeFace", VersionOf(options.ModelsDirectory, ModelFiles.BlazeFace)),
            new ModelVersion("MobileNetV2 int8", VersionOf(options.ModelsDirectory, ModelFiles.MobileNet)),
            new ModelVersion("ImageNet label map", VersionOf(options.ModelsDirectory, ModelFiles.ImageNetLabels)),
        ], Settings(options.MinConfidence, options.MaxLabels) + string.Create(CultureInfo.InvariantCulture,
            $", faces min {options.FaceMinConfidence:0.##}{(options.FacesNeedPerson ? " on a person" : "")}, {MobileNetModel.ViewDescription}"));
    }

    /// <summary>The settings every provider shares, as provenance writes them.</summary>
    public static string Settings(double minConfidence, int maxLabels)
        => string.Create(CultureInfo.InvariantCulture, $"min confidence {minConfidence:0.##}, at most {maxLabels} labels");

    /// <summary>"nanodet_coco.onnx@1a2b3c4d5e6f": the file's name and the start of its SHA-256.</summary>
    public static string VersionOf(string directory, string fileName)
    {
        using var file = File.OpenRead(ModelFiles.Require(directory, fileName));
        return $"{fileName}@{Convert.ToHexStringLower(SHA256.HashData(file))[..HashDigits]}";
    }
}
