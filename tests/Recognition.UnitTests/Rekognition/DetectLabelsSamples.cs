namespace Recognition.UnitTests.Rekognition;

/// <summary>
/// A DetectLabels answer in the documented shape (API 2016-06-27, label model 3.0): labels with
/// instances, parents, aliases and categories. One box reaches past the left edge, as Rekognition's can.
/// </summary>
internal static class DetectLabelsSamples
{
    public const string Response = """
        {
          "Labels": [
            {
              "Name": "Dog",
              "Confidence": 98.71,
              "Instances": [
                { "BoundingBox": { "Width": 0.4125, "Height": 0.6831, "Left": 0.0912, "Top": 0.2104 }, "Confidence": 98.71 },
                { "BoundingBox": { "Width": 0.2210, "Height": 0.3987, "Left": 0.6502, "Top": 0.4011 }, "Confidence": 87.02 }
              ],
              "Parents": [ { "Name": "Animal" }, { "Name": "Canine" }, { "Name": "Mammal" }, { "Name": "Pet" } ],
              "Aliases": [ { "Name": "Puppy" } ],
              "Categories": [ { "Name": "Animals and Pets" } ]
            },
            {
              "Name": "Person",
              "Confidence": 91.3,
              "Instances": [
                { "BoundingBox": { "Width": 0.31, "Height": 0.9, "Left": -0.02, "Top": 0.05 }, "Confidence": 91.3 }
              ],
              "Parents": [],
              "Aliases": [ { "Name": "Human" } ],
              "Categories": [ { "Name": "Person Description" } ]
            },
            {
              "Name": "Grass",
              "Confidence": 74.5,
              "Instances": [],
              "Parents": [ { "Name": "Plant" } ],
              "Aliases": [],
              "Categories": [ { "Name": "Nature and Outdoors" } ]
            }
          ],
          "LabelModelVersion": "3.0"
        }
        """;
}
