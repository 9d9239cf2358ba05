using ImageRecognition.Recognition;

namespace Recognition.UnitTests;

public sealed class ModelLoadingTests : IDisposable
{
    private static readonly string ShippedModels = Path.Combine(AppContext.BaseDirectory, "Models");
    private readonly string _directory = Directory.CreateTempSubdirectory("recognition-models-").FullName;

    [Fact]
    public void Models_ship_in_the_build_output_under_Models()
    {
        Assert.Equal(ShippedModels, new RecognitionOptions().ModelsDirectory);
        foreach (var file in new[]
        {
            "nanodet_coco.onnx", "blazeface_back.onnx", "coco80.txt", "mobilenetv2-12-int8.onnx",
            "imagenet_synset.txt", "imagenet_labels.tsv", "NOTICE.md",
        })
        {
            Assert.True(File.Exists(Path.Combine(ShippedModels, file)), $"{file} is copied to the output");
        }
    }

    [Fact]
    public void A_missing_models_folder_fails_naming_the_file_it_looked_for()
    {
        var missing = Path.Combine(_directory, "nowhere");

        var error = Assert.Throws<FileNotFoundException>(() => new ObjectRecognizer(new RecognitionOptions { ModelsDirectory = missing }));

        Assert.Equal(Path.Combine(missing, "coco80.txt"), error.FileName);
        Assert.Contains(Path.Combine(missing, "coco80.txt"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_face_model_fails_naming_its_path()
    {
        LinkShipped("coco80.txt");
        LinkShipped("nanodet_coco.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => new ObjectRecognizer(new RecognitionOptions { ModelsDirectory = _directory }));

        Assert.Contains(Path.Combine(_directory, "blazeface_back.onnx"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_whole_image_model_fails_naming_its_path()
    {
        foreach (var file in new[] { "coco80.txt", "nanodet_coco.onnx", "blazeface_back.onnx", "imagenet_synset.txt" })
        {
            LinkShipped(file);
        }

        var error = Assert.Throws<FileNotFoundException>(() => new ObjectRecognizer(new RecognitionOptions { ModelsDirectory = _directory }));

        Assert.Contains(Path.Combine(_directory, "mobilenetv2-12-int8.onnx"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_table_naming_a_class_the_model_lacks_is_refused()
    {
        LinkShipped("imagenet_synset.txt");
        File.WriteAllLines(Path.Combine(_directory, "imagenet_labels.tsv"), ["n09193705\tMountain\talp", "n99999999\tUnicorn\tunicorn"]);
        var classIds = ModelFiles.ReadImageNetClassIds(_directory, MobileNetModel.ClassCount);

        var error = Assert.Throws<InvalidDataException>(() => ImageNetLabels.Load(_directory, classIds));

        Assert.Contains("n99999999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_model_file_fails_naming_its_path()
    {
        LinkShipped("coco80.txt");
        File.WriteAllText(Path.Combine(_directory, "nanodet_coco.onnx"), "not a model");

        var error = Assert.Throws<InvalidDataException>(() => new NanoDetModel(_directory));

        Assert.Contains(Path.Combine(_directory, "nanodet_coco.onnx"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_list_of_the_wrong_length_is_refused()
    {
        File.WriteAllLines(Path.Combine(_directory, "coco80.txt"), ["person", "bicycle"]);
        LinkShipped("nanodet_coco.onnx");

        var error = Assert.Throws<InvalidDataException>(() => new NanoDetModel(_directory));

        Assert.Contains("2 class names", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 10, 60)]
    [InlineData(101, 10, 60)]
    [InlineData(60, 0, 60)]
    [InlineData(60, 10, 120)]
    public void Options_out_of_range_are_refused(double minConfidence, int maxLabels, double faceMinConfidence) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new ObjectRecognizer(new RecognitionOptions
        {
            MinConfidence = minConfidence,
            MaxLabels = maxLabels,
            FaceMinConfidence = faceMinConfidence,
        }));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void LinkShipped(string fileName) =>
        File.CreateSymbolicLink(Path.Combine(_directory, fileName), Path.Combine(ShippedModels, fileName));
}
