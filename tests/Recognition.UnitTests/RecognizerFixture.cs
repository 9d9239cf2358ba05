using ImageRecognition.Recognition;

namespace Recognition.UnitTests;

/// <summary>Loads the models once for every test class that shares it, as a host's singleton would.</summary>
public sealed class RecognizerFixture : IDisposable
{
    public RecognizerFixture()
    {
        Recognizer = new ObjectRecognizer(new RecognitionOptions());
    }

    public ObjectRecognizer Recognizer { get; }

    public void Dispose() => Recognizer.Dispose();
}

[CollectionDefinition(Name)]
public sealed class RecognizerCollection : ICollectionFixture<RecognizerFixture>
{
    public const string Name = "Recognizer";
}
