using System.Collections.Concurrent;
using System.Diagnostics;
using ImageRecognition.Recognition;
using Xunit.Abstractions;

namespace Recognition.UnitTests;

[Collection(RecognizerCollection.Name)]
public sealed class ConcurrencyAndTimingTests(RecognizerFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Photos = ["giraffe.jpg", "kite.jpg", "eagle.jpg", "dog.jpg", "person.jpg", "astronaut.png"];

    [Fact]
    public void Parallel_calls_give_the_same_labels_as_one_at_a_time()
    {
        var images = Photos.ToDictionary(p => p, p => ModelInputs.Load(p));
        try
        {
            var expected = images.ToDictionary(i => i.Key, i => LabelText.Describe(fixture.Recognizer.Recognize(i.Value)));
            var seen = new ConcurrentBag<(string Photo, string Labels)>();

            Parallel.For(0, Photos.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                var photo = Photos[i % Photos.Length];
                seen.Add((photo, LabelText.Describe(fixture.Recognizer.Recognize(images[photo]))));
            });

            Assert.Equal(Photos.Length * 4, seen.Count);
            Assert.All(seen, s => Assert.Equal(expected[s.Photo], s.Labels));
        }
        finally
        {
            foreach (var image in images.Values)
            {
                image.Dispose();
            }
        }
    }

    [Fact]
    public void Inference_time_per_photo_is_reported_and_repeat_calls_agree()
    {
        var loading = Stopwatch.StartNew();
        using (new ObjectRecognizer(new RecognitionOptions()))
        {
            output.WriteLine($"loading both models: {loading.Elapsed.TotalMilliseconds:F0} ms");
        }

        using var objects = new NanoDetModel(fixture.Recognizer.Options.ModelsDirectory);
        using var faces = new BlazeFaceModel(fixture.Recognizer.Options.ModelsDirectory);
        output.WriteLine("photo: size, NanoDet ms, BlazeFace ms, Recognize ms (median of 5 after a warm-up)");
        foreach (var photo in Photos)
        {
            using var image = ModelInputs.Load(photo);
            var first = LabelText.Describe(fixture.Recognizer.Recognize(image));
            var objectMs = MedianMilliseconds(() => objects.Detect(image));
            var faceMs = MedianMilliseconds(() => faces.Detect(image));
            var recognizeMs = MedianMilliseconds(() => fixture.Recognizer.Recognize(image));
            output.WriteLine($"{photo}: {image.Width}x{image.Height}, {objectMs:F1}, {faceMs:F1}, {recognizeMs:F1}");

            Assert.Equal(first, LabelText.Describe(fixture.Recognizer.Recognize(image)));
        }
    }

    private static double MedianMilliseconds(Action run)
    {
        run();
        var times = new double[5];
        for (var i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }
}
