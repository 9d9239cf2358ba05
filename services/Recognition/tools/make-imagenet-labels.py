#!/usr/bin/env python3
"""Writes Models/imagenet_labels.tsv: the ImageNet classes worth naming, each with the label people
search for ("alp" -> Mountain, "cocker spaniel" -> Dog). Run once when the anchors below change:

    apt-get install wordnet-base
    python3 services/Recognition/tools/make-imagenet-labels.py > \
        services/Recognition/ImageRecognition.Recognition/Models/imagenet_labels.tsv

Each ImageNet class is a WordNet 3.0 noun synset (its id is "n" + the synset's offset). The class gets
the label of the first anchor below that is the class itself or one of its hypernyms; classes under
no anchor, or in NEVER_EMIT, get no label. The labels' parents (Mountain -> Landform, Nature, Outdoors) live in
LabelTaxonomy.cs, which also names the COCO objects, so both models share one taxonomy.
"""
import sys
from collections import deque

WORDNET = "/usr/share/wordnet/data.noun"

# WordNet synset -> label. The first anchor listed that a class falls under wins, so specific
# anchors come before general ones: a whippet is a dog before it is a mammal, and a grouse a bird
# before it is game.
ANCHORS = {
    # ImageNet classes whose WordNet parents say something else than their photos show.
    "n07734744": "Fungus",  # mushroom (as a vegetable)
    "n11879895": "Plant",  # rapeseed (as a fruit)
    "n12267677": "Plant",  # acorn
    "n12620546": "Plant",  # hip, rose hip
    "n12768682": "Plant",  # buckeye, horse chestnut
    "n13133613": "Plant",  # ear, spike (of grain)
    "n12144580": "Vegetable",  # corn
    # Landforms and water: what ImageNet has of scenery.
    "n09193705": "Mountain",  # alp
    "n09468604": "Valley",  # valley, vale
    "n09246464": "Cliff",  # cliff, drop, drop-off
    "n09399592": "Promontory",  # promontory, headland, foreland
    "n09428293": "Beach",  # seashore, coast, seacoast
    "n09421951": "Beach",  # sandbar, sand bar
    "n09332890": "Lake",  # lakeside, lakeshore
    "n09256479": "Coral Reef",  # coral reef
    "n09288635": "Geyser",  # geyser
    # Animals: the COCO names where NanoDet has the same animal, then broader groups.
    "n02084071": "Dog",  # dog, domestic dog
    "n02121808": "Cat",  # domestic cat
    "n01503061": "Bird",  # bird
    "n02374451": "Horse",  # horse, Equus caballus
    "n02411705": "Sheep",  # sheep
    "n02402425": "Cow",  # cattle, cows, kine, oxen
    "n02503517": "Elephant",  # elephant
    "n02131653": "Bear",  # bear
    "n02391049": "Zebra",  # zebra
    "n02512053": "Fish",  # fish
    "n02159955": "Insect",  # insect
    "n01772222": "Spider",  # spider
    "n01661091": "Reptile",  # reptile, reptilian
    "n01627424": "Amphibian",  # amphibian
    "n01861778": "Mammal",  # mammal, mammalian
    "n01905661": "Invertebrate",  # invertebrate
    "n00015388": "Animal",  # animal, animate being, beast
    # Plants and food.
    "n11669921": "Flower",  # flower (cultivated for its blooms)
    "n12992868": "Fungus",  # fungus
    "n13134947": "Fruit",  # fruit
    "n07707451": "Vegetable",  # vegetable, veggie, veg
    "n00017222": "Plant",  # plant, flora, plant life
    "n07557434": "Food",  # dish (prepared food)
    "n00021265": "Food",  # food, nutrient
    # Buildings and structures.
    "n02898711": "Bridge",  # bridge, span
    "n03953416": "Place of Worship",  # place of worship, house of prayer
    "n02980441": "Castle",  # castle (fortified)
    "n03544360": "House",  # house
    "n04460130": "Tower",  # tower
    "n02913152": "Building",  # building, edifice
    # Vehicles: COCO names again.
    "n02958343": "Car",  # car, auto, automobile
    "n04490091": "Truck",  # truck, motortruck
    "n02924116": "Bus",  # bus, autobus
    "n03684823": "Train",  # locomotive, engine
    "n02959942": "Train",  # car, railcar (railway carriage)
    "n02834778": "Bicycle",  # bicycle, bike
    "n03790512": "Motorcycle",  # motorcycle, bike
    "n02691156": "Airplane",  # airplane, aeroplane, plane
    "n02686568": "Aircraft",  # aircraft
    "n02858304": "Boat",  # boat
    "n04530566": "Boat",  # vessel, watercraft
    # Things indoors.
    "n04379243": "Table",  # table (furniture)
    "n04379964": "Table",  # table (furniture with tableware laid out): the dining table's parent
    "n03001627": "Chair",  # chair
    "n04256520": "Couch",  # sofa, couch, lounge
    "n02818832": "Bed",  # bed
    "n03405725": "Furniture",  # furniture, piece of furniture
    "n03800933": "Musical Instrument",  # musical instrument, instrument
    "n03046257": "Clock",  # clock
}

# ImageNet classes left unnamed although an anchor covers them: on the 17 source photographs of the
# bench set they were wrong most times they scored high (see services/Recognition/README.md).
NEVER_EMIT = {
    "n07742313": "Granny Smith: a textured green glass wallpaper at 0.88-0.99",
    "n02692877": "airship: a wall clock at 0.30-0.91",
    "n09472597": "volcano: the Milky Way over the sea at 0.23-0.78, an abstract red at 0.17",
    "n13052670": "hen-of-the-woods: rocks in a forest stream at 0.42-0.60",
    "n02264363": "lacewing: a rendered toy bird under lamps at 0.66-0.71",
    # Long-legged birds with feathery heads: dandelion clocks summed to Bird 0.61-0.79.
    "n01518878": "ostrich: dandelions at 0.10 here, 0.45 on another dandelion photo",
    "n02012849": "crane (the bird): dandelions at 0.08-0.21",
    "n02028035": "redshank: dandelions at 0.16-0.27",
    "n02013706": "limpkin: dandelions at 0.09-0.14, a dragonfly on leaves at 0.24",
    "n02009912": "American egret: dandelions at 0.09-0.13",
    # WordNet files these under food; ImageNet's pictures are of the things on the table.
    "n07565083": "menu: a printed menu, not a meal",
    "n07579787": "plate: dishware as often as food",
    "n07930864": "cup: the cup, not what is in it",
    "n07802026": "hay: a field or bales, not food",
}


def read_hypernyms(path):
    hypernyms = {}
    with open(path, encoding="utf-8") as data:
        for line in data:
            if line.startswith("  "):
                continue  # licence header
            fields = line.split("|")[0].split()
            offset, word_count = fields[0], int(fields[3], 16)
            at = 4 + (2 * word_count)
            pointer_count = int(fields[at])
            pointers = [fields[at + 1 + (4 * i): at + 5 + (4 * i)] for i in range(pointer_count)]
            # "@" is a hypernym, "@i" an instance hypernym; both lead to the broader concept.
            hypernyms["n" + offset] = [target for symbol, target, pos, _ in pointers if symbol in ("@", "@i") and pos == "n"]
            hypernyms["n" + offset] = ["n" + target for target in hypernyms["n" + offset]]
    return hypernyms


def first_anchor(wnid, hypernyms):
    seen, queue = {wnid}, deque([wnid])
    while queue:
        for parent in hypernyms.get(queue.popleft(), []):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return next((label for anchor, label in ANCHORS.items() if anchor in seen), None)


def main(synset_list):
    hypernyms = read_hypernyms(WORDNET)
    print("# ImageNet class (WordNet id)\tlabel\tImageNet name. Generated by services/Recognition/tools/make-imagenet-labels.py from WordNet 3.0.")
    with open(synset_list, encoding="utf-8") as classes:
        for line in classes:
            wnid, names = line.strip().split(" ", 1)
            label = None if wnid in NEVER_EMIT else first_anchor(wnid, hypernyms)
            if label:
                print(f"{wnid}\t{label}\t{names.split(',')[0]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else
         "services/Recognition/ImageRecognition.Recognition/Models/imagenet_synset.txt")
