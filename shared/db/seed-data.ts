/**
 * A deterministic, realistic-looking demo catalog. Pure: the same (productCount, seed) always gives
 * the same categories and products, ids included, and product i does not depend on productCount, so
 * seeding 100 and later 10,000 products adds the 9,900 that are missing.
 */
import { v7 } from 'uuid';

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  createdAt: Date;
}

export interface SeedProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  /** Minor units (cents). */
  price: number;
  currency: string;
  stock: number;
  createdAt: Date;
}

/** Products are created over the 365 days before this instant; categories exist a little earlier. */
const CATALOG_END = Date.UTC(2026, 10, 1);
const DAY_MS = 24 * 60 * 60 * 1000;
const CATALOG_START = CATALOG_END - 365 * DAY_MS;
const CURRENCY = 'EUR';

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

interface Noun {
  name: string;
  /** Plausible price range in whole euros, before the material factor. */
  eur: [number, number];
  sizes?: string[];
  /** The category's materials this noun comes in; all of them when absent. */
  materials?: string[];
}

interface Material {
  name: string;
  /** How descriptions name it when `name` is a finish rather than a material ("Matte Black"). */
  text?: string;
  care: string;
  /** Multiplies the noun's price range; 1 when absent. */
  factor?: number;
}

interface CategorySpec {
  slug: string;
  name: string;
  description: string;
  /** SKU prefix, three capital letters. */
  prefix: string;
  /** Relative share of the products. */
  weight: number;
  adjectives: string[];
  materials: Material[];
  nouns: Noun[];
  uses: string[];
  features: string[];
}

const BRANDS = [
  'Nordvik', 'Halden', 'Lumo', 'Kestrel', 'Ardent', 'Fjellborg', 'Oakridge', 'Verano', 'Tidewell',
  'Solvej', 'Brackett', 'Marlow', 'Ostra', 'Pellam', 'Runa', 'Sable', 'Thornbury', 'Ventra', 'Wexley',
  'Alder & Co', 'Birchmont', 'Calder', 'Dunmore', 'Elm Street', 'Fairhaven', 'Grayson', 'Hollis',
  'Iverna', 'Juniper', 'Korra', 'Linden', 'Mistral', 'Northcape', 'Orrin', 'Pinehurst', 'Quarry',
  'Rowan', 'Skagen Line', 'Trellis', 'Umbra',
];
const BRANDS_PER_CATEGORY = 8;

const wipe = 'Wipe clean with a soft, damp cloth.';
const dryCloth = 'Wipe with a dry, lint-free cloth and keep away from liquids.';
const wash30 = 'Machine washable at 30 °C; do not tumble dry.';
const wash40 = 'Machine washable at 40 °C.';

const CATEGORIES: CategorySpec[] = [
  {
    slug: 'kitchen', name: 'Kitchen', prefix: 'KIT', weight: 6,
    description: 'Knives, boards and utensils for everyday cooking.',
    adjectives: ['Classic', 'Professional', 'Everyday', 'Compact', 'Forged', 'Heritage'],
    materials: [
      { name: 'Stainless Steel', care: 'Dishwasher safe, though hand washing keeps it looking new.' },
      { name: 'Olive Wood', care: 'Hand wash only and oil occasionally with food-safe mineral oil.', factor: 1.3 },
      { name: 'Beech Wood', care: 'Hand wash and dry upright; never leave it soaking.' },
      { name: 'Silicone', care: 'Dishwasher safe and heat resistant up to 230 °C.', factor: 0.8 },
      { name: 'Carbon Steel', care: 'Hand wash, dry immediately and keep lightly oiled to prevent rust.', factor: 1.4 },
    ],
    nouns: [
      { name: 'Chef’s Knife', eur: [29, 189], sizes: ['18 cm', '20 cm', '23 cm'], materials: ['Stainless Steel', 'Carbon Steel'] },
      { name: 'Cutting Board', eur: [19, 89], sizes: ['30 x 20 cm', '40 x 30 cm'], materials: ['Olive Wood', 'Beech Wood'] },
      { name: 'Spatula', eur: [5, 24] },
      { name: 'Whisk', eur: [6, 22], materials: ['Stainless Steel', 'Silicone'] },
      { name: 'Ladle', eur: [7, 26] },
      { name: 'Tongs', eur: [8, 29], sizes: ['24 cm', '30 cm'] },
      { name: 'Utensil Set', eur: [24, 79] },
      { name: 'Paring Knife', eur: [14, 69], sizes: ['9 cm', '10 cm'], materials: ['Stainless Steel', 'Carbon Steel'] },
    ],
    uses: ['daily meal prep', 'weeknight cooking', 'precise slicing and dicing', 'serving straight from the pan'],
    features: ['a comfortable, balanced grip', 'a hanging loop for easy storage', 'a lifetime guarantee', 'a seamless one-piece construction'],
  },
  {
    slug: 'cookware', name: 'Cookware', prefix: 'CKW', weight: 5,
    description: 'Pans, pots and bakeware built to last for years.',
    adjectives: ['Classic', 'Pro', 'Induction-Ready', 'Heavy-Duty', 'Lightweight', 'Enamelled'],
    materials: [
      { name: 'Cast Iron', care: 'Hand wash, dry thoroughly and rub with a little oil after each use.', factor: 1.2 },
      { name: 'Stainless Steel', care: 'Dishwasher safe; use a steel cleaner for stubborn stains.' },
      { name: 'Carbon Steel', care: 'Season before first use and avoid the dishwasher.' },
      { name: 'Hard-Anodised Aluminium', care: 'Hand wash with a soft sponge to protect the non-stick coating.', factor: 0.9 },
      { name: 'Copper', care: 'Hand wash and polish the exterior now and then with a copper cleaner.', factor: 2.2 },
    ],
    nouns: [
      { name: 'Skillet', eur: [29, 139], sizes: ['20 cm', '24 cm', '28 cm', '32 cm'] },
      { name: 'Saucepan', eur: [25, 129], sizes: ['16 cm', '18 cm', '20 cm'] },
      { name: 'Dutch Oven', eur: [59, 289], sizes: ['3.8 L', '4.7 L', '6.7 L'], materials: ['Cast Iron', 'Stainless Steel'] },
      { name: 'Stockpot', eur: [39, 179], sizes: ['6 L', '9 L', '12 L'] },
      { name: 'Wok', eur: [29, 119], sizes: ['30 cm', '36 cm'], materials: ['Carbon Steel', 'Cast Iron', 'Hard-Anodised Aluminium'] },
      { name: 'Sauté Pan', eur: [35, 159], sizes: ['24 cm', '28 cm'] },
      { name: 'Roasting Tin', eur: [19, 89] },
    ],
    uses: ['searing and roasting', 'slow-cooked Sunday dinners', 'everyday family meals', 'cooking on any hob'],
    features: ['an oven-safe build', 'even heat distribution', 'a riveted, stay-cool handle', 'a lifetime guarantee'],
  },
  {
    slug: 'tableware', name: 'Tableware', prefix: 'TBL', weight: 4,
    description: 'Plates, bowls and glasses for the everyday table.',
    adjectives: ['Rustic', 'Minimal', 'Speckled', 'Matte', 'Hand-Glazed', 'Classic'],
    materials: [
      { name: 'Stoneware', care: 'Dishwasher and microwave safe.' },
      { name: 'Porcelain', care: 'Dishwasher safe; avoid sudden temperature changes.', factor: 1.2 },
      { name: 'Borosilicate Glass', care: 'Dishwasher safe and resistant to thermal shock.' },
      { name: 'Earthenware', care: 'Hand washing recommended to preserve the glaze.', factor: 0.9 },
    ],
    nouns: [
      { name: 'Dinner Plate', eur: [9, 34], sizes: ['Set of 2', 'Set of 4', 'Set of 6'] },
      { name: 'Pasta Bowl', eur: [8, 29], sizes: ['Set of 2', 'Set of 4'] },
      { name: 'Mug', eur: [7, 24], sizes: ['300 ml', '400 ml'] },
      { name: 'Serving Platter', eur: [19, 69] },
      { name: 'Tumbler', eur: [6, 22], sizes: ['Set of 4', 'Set of 6'], materials: ['Borosilicate Glass', 'Stoneware'] },
      { name: 'Side Plate', eur: [6, 22], sizes: ['Set of 4', 'Set of 6'] },
    ],
    uses: ['everyday dining', 'relaxed dinner parties', 'breakfast at the counter', 'serving family-style'],
    features: ['a stackable shape', 'a slightly irregular, handmade look', 'a lead-free finish', 'chip-resistant edges'],
  },
  {
    slug: 'coffee-tea', name: 'Coffee & Tea', prefix: 'COF', weight: 3,
    description: 'Brewers, grinders and kettles for a better cup.',
    adjectives: ['Precision', 'Manual', 'Barista', 'Compact', 'Slow-Brew', 'Classic'],
    materials: [
      { name: 'Stainless Steel', care: 'Rinse after each use and descale monthly.' },
      { name: 'Borosilicate Glass', care: 'Dishwasher safe on the top rack.', factor: 0.8 },
      { name: 'Ceramic', care: 'Hand wash and dry before storing.' },
      { name: 'Matte Black Steel', care: 'Rinse after use and dry with a soft towel.', factor: 1.1 },
    ],
    nouns: [
      { name: 'Pour-Over Dripper', eur: [15, 49] },
      { name: 'French Press', eur: [19, 79], sizes: ['350 ml', '1 L'] },
      { name: 'Burr Grinder', eur: [39, 249], materials: ['Stainless Steel', 'Matte Black Steel'] },
      { name: 'Gooseneck Kettle', eur: [35, 149], sizes: ['0.6 L', '1 L'], materials: ['Stainless Steel', 'Matte Black Steel'] },
      { name: 'Teapot', eur: [19, 89], sizes: ['0.8 L', '1.2 L'] },
      { name: 'Espresso Maker', eur: [29, 119], sizes: ['3 cup', '6 cup'], materials: ['Stainless Steel', 'Matte Black Steel'] },
      { name: 'Milk Frother', eur: [12, 69], materials: ['Stainless Steel', 'Matte Black Steel'] },
    ],
    uses: ['a slow morning brew', 'café-quality coffee at home', 'loose-leaf tea', 'brewing for two'],
    features: ['a two-year warranty', 'easy-clean parts', 'a minimalist design', 'a gift-ready box'],
  },
  {
    slug: 'outdoor-gear', name: 'Outdoor Gear', prefix: 'OUT', weight: 5,
    description: 'Tents, packs and essentials for hiking and camping.',
    adjectives: ['Ultralight', 'Trail', 'Alpine', 'Weatherproof', 'Expedition', 'Packable'],
    materials: [
      { name: 'Ripstop Nylon', care: 'Spot clean and air dry fully before storing.' },
      { name: 'Recycled Polyester', care: 'Hand wash in cold water and air dry.', factor: 0.9 },
      { name: 'Cordura', care: 'Brush off dirt and spot clean with mild soap.', factor: 1.2 },
      { name: 'Dyneema', care: 'Rinse with fresh water and dry out of direct sunlight.', factor: 2.5 },
    ],
    nouns: [
      { name: 'Backpack', eur: [49, 249], sizes: ['22 L', '35 L', '50 L', '65 L'] },
      { name: 'Tent', eur: [99, 699], sizes: ['1-Person', '2-Person', '3-Person'] },
      { name: 'Sleeping Bag', eur: [59, 389], sizes: ['Regular', 'Long'] },
      { name: 'Rain Jacket', eur: [69, 299], sizes: ['S', 'M', 'L', 'XL'] },
      { name: 'Dry Bag', eur: [12, 49], sizes: ['5 L', '10 L', '20 L'] },
      { name: 'Camp Chair', eur: [29, 149] },
      { name: 'Hammock', eur: [29, 119] },
    ],
    uses: ['multi-day treks', 'weekend camping trips', 'fast-and-light hiking', 'unpredictable mountain weather'],
    features: ['a lifetime repair guarantee', 'reflective details', 'a packable design', 'bluesign-approved fabrics'],
  },
  {
    slug: 'cycling', name: 'Cycling', prefix: 'CYC', weight: 3,
    description: 'Gear and accessories for commuters and road riders.',
    adjectives: ['Aero', 'Commuter', 'Road', 'Gravel', 'Lightweight', 'Reflective'],
    materials: [
      { name: 'Aluminium', care: 'Wipe down after wet rides and check fittings regularly.' },
      { name: 'Carbon Fibre', care: 'Clean with mild soap and inspect for damage after any impact.', factor: 2.4 },
      { name: 'Recycled Polyester', care: wash30 },
      { name: 'Merino Wool', care: 'Hand wash cold and dry flat.', factor: 1.5 },
    ],
    nouns: [
      { name: 'Helmet', eur: [49, 229], sizes: ['S', 'M', 'L'], materials: ['Carbon Fibre'] },
      { name: 'Bottle Cage', eur: [9, 59], materials: ['Aluminium', 'Carbon Fibre'] },
      { name: 'Saddle Bag', eur: [15, 59], materials: ['Recycled Polyester'] },
      { name: 'Jersey', eur: [39, 149], sizes: ['S', 'M', 'L', 'XL'], materials: ['Recycled Polyester', 'Merino Wool'] },
      { name: 'Gloves', eur: [19, 59], sizes: ['S', 'M', 'L', 'XL'], materials: ['Recycled Polyester', 'Merino Wool'] },
      { name: 'Pannier', eur: [39, 149], sizes: ['15 L', '20 L'], materials: ['Recycled Polyester'] },
      { name: 'Light Set', eur: [24, 119], materials: ['Aluminium'] },
    ],
    uses: ['the daily commute', 'long road rides', 'gravel adventures', 'riding after dark'],
    features: ['high-visibility accents', 'reflective details', 'a two-year guarantee', 'a race-proven design'],
  },
  {
    slug: 'running', name: 'Running', prefix: 'RUN', weight: 3,
    description: 'Apparel and accessories for every distance.',
    adjectives: ['Tempo', 'Trail', 'Race', 'Lightweight', 'Thermal', 'Breathable'],
    materials: [
      { name: 'Recycled Polyester', care: wash30 },
      { name: 'Merino Wool', care: 'Hand wash cold and dry flat.', factor: 1.5 },
      { name: 'Nylon Mesh', care: wash30 },
      { name: 'Elastane Blend', care: 'Machine wash cold; no fabric softener.' },
    ],
    nouns: [
      { name: 'Running Shorts', eur: [25, 69], sizes: ['S', 'M', 'L', 'XL'] },
      { name: 'Running Tee', eur: [25, 65], sizes: ['S', 'M', 'L', 'XL'] },
      { name: 'Tights', eur: [39, 99], sizes: ['S', 'M', 'L'] },
      { name: 'Running Vest', eur: [59, 159], sizes: ['S/M', 'L/XL'] },
      { name: 'Socks', eur: [9, 24], sizes: ['36–39', '40–43', '44–47'], materials: ['Merino Wool', 'Recycled Polyester'] },
      { name: 'Cap', eur: [19, 39] },
    ],
    uses: ['race day', 'long easy miles', 'technical trail runs', 'cold morning runs'],
    features: ['flatlock seams', 'reflective trims', 'moisture-wicking fabric', 'a two-year guarantee'],
  },
  {
    slug: 'fitness', name: 'Fitness', prefix: 'FIT', weight: 3,
    description: 'Equipment for strength and conditioning at home.',
    adjectives: ['Adjustable', 'Compact', 'Home Gym', 'Heavy-Duty', 'Competition', 'Studio'],
    materials: [
      { name: 'Rubber-Coated Steel', care: 'Wipe down after use to remove sweat.' },
      { name: 'Cast Iron', care: 'Store in a dry place to prevent surface rust.' },
      { name: 'Natural Rubber', care: 'Wipe with a damp cloth; keep out of direct sunlight.' },
      { name: 'Neoprene', care: wipe, factor: 0.8 },
    ],
    nouns: [
      { name: 'Kettlebell', eur: [19, 109], sizes: ['8 kg', '12 kg', '16 kg', '24 kg'], materials: ['Cast Iron', 'Rubber-Coated Steel'] },
      { name: 'Dumbbell Pair', eur: [19, 149], sizes: ['2 x 5 kg', '2 x 10 kg', '2 x 15 kg'], materials: ['Cast Iron', 'Rubber-Coated Steel', 'Neoprene'] },
      { name: 'Resistance Band Set', eur: [12, 45], materials: ['Natural Rubber'] },
      { name: 'Jump Rope', eur: [9, 39] },
      { name: 'Weight Plate', eur: [19, 89], sizes: ['5 kg', '10 kg', '20 kg'], materials: ['Cast Iron', 'Rubber-Coated Steel'] },
      { name: 'Pull-Up Bar', eur: [24, 79], materials: ['Rubber-Coated Steel'] },
    ],
    uses: ['home workouts', 'strength training', 'high-intensity intervals', 'mobility sessions'],
    features: ['a two-year guarantee', 'a free workout guide', 'a durable, gym-grade build', 'a compact footprint'],
  },
  {
    slug: 'yoga', name: 'Yoga', prefix: 'YOG', weight: 2,
    description: 'Mats, props and apparel for a steady practice.',
    adjectives: ['Studio', 'Travel', 'Eco', 'Grippy', 'Cushioned', 'Balance'],
    materials: [
      { name: 'Natural Rubber', care: 'Wipe with a damp cloth and air dry out of the sun.' },
      { name: 'Cork', care: 'Wipe with a damp cloth; naturally antimicrobial.', factor: 1.2 },
      { name: 'Organic Cotton', care: wash30 },
      { name: 'TPE', care: wipe, factor: 0.7 },
    ],
    nouns: [
      { name: 'Yoga Mat', eur: [25, 119], sizes: ['4 mm', '6 mm'], materials: ['Natural Rubber', 'Cork', 'TPE'] },
      { name: 'Yoga Block', eur: [9, 29], sizes: ['Set of 2'], materials: ['Cork', 'TPE'] },
      { name: 'Meditation Cushion', eur: [29, 79], materials: ['Organic Cotton'] },
      { name: 'Yoga Strap', eur: [7, 19], materials: ['Organic Cotton'] },
      { name: 'Bolster', eur: [35, 89], materials: ['Organic Cotton'] },
    ],
    uses: ['daily practice', 'hot yoga', 'restorative sessions', 'practice on the go'],
    features: ['a sweat-resistant finish', 'plastic-free packaging', 'a non-slip surface', 'a one-year guarantee'],
  },
  {
    slug: 'garden', name: 'Garden', prefix: 'GRD', weight: 4,
    description: 'Tools, planters and care for gardens and balconies.',
    adjectives: ['Heavy-Duty', 'Ergonomic', 'Compact', 'Balcony', 'Traditional', 'Weatherproof'],
    materials: [
      { name: 'Stainless Steel', care: 'Rinse off soil and dry before storing.' },
      { name: 'Ash Wood', care: 'Oil the handle once a season and store indoors.', factor: 1.1 },
      { name: 'Terracotta', care: 'Bring indoors before the first frost.', factor: 0.9 },
      { name: 'Galvanised Steel', care: 'Rinse and let dry; rust resistant.' },
      { name: 'Recycled Plastic', care: 'Hose down to clean.', factor: 0.7 },
    ],
    nouns: [
      { name: 'Hand Trowel', eur: [9, 39], materials: ['Stainless Steel', 'Ash Wood'] },
      { name: 'Pruning Shears', eur: [15, 79], materials: ['Stainless Steel'] },
      { name: 'Planter', eur: [12, 119], sizes: ['20 cm', '30 cm', '40 cm', '60 cm'], materials: ['Terracotta', 'Galvanised Steel', 'Recycled Plastic'] },
      { name: 'Watering Can', eur: [15, 69], sizes: ['5 L', '9 L'], materials: ['Galvanised Steel', 'Recycled Plastic'] },
      { name: 'Garden Fork', eur: [29, 89], materials: ['Stainless Steel', 'Ash Wood'] },
      { name: 'Raised Bed', eur: [59, 249], materials: ['Galvanised Steel', 'Recycled Plastic'] },
      { name: 'Hose Reel', eur: [29, 119], materials: ['Galvanised Steel', 'Recycled Plastic'] },
    ],
    uses: ['balcony gardening', 'vegetable beds', 'seasonal pruning', 'potting and repotting'],
    features: ['a rust-resistant finish', 'a ten-year guarantee', 'a durable, weatherproof build', 'a comfortable, ergonomic design'],
  },
  {
    slug: 'tools', name: 'Tools & DIY', prefix: 'TLS', weight: 4,
    description: 'Hand tools and hardware for repairs and projects.',
    adjectives: ['Precision', 'Heavy-Duty', 'Compact', 'Professional', 'Magnetic', 'Insulated'],
    materials: [
      { name: 'Chrome Vanadium', care: 'Wipe clean and keep dry to prevent corrosion.' },
      { name: 'Hardened Steel', care: 'Store dry and apply a drop of oil to moving parts.' },
      { name: 'Fibreglass', care: wipe },
      { name: 'Hickory', care: 'Keep the handle dry and tighten the head if it loosens.', factor: 1.1 },
    ],
    nouns: [
      { name: 'Screwdriver Set', eur: [15, 69], sizes: ['6-Piece', '12-Piece', '32-Piece'], materials: ['Chrome Vanadium'] },
      { name: 'Claw Hammer', eur: [14, 49], sizes: ['450 g', '570 g'], materials: ['Fibreglass', 'Hickory', 'Hardened Steel'] },
      { name: 'Socket Set', eur: [29, 179], sizes: ['40-Piece', '94-Piece'], materials: ['Chrome Vanadium'] },
      { name: 'Spirit Level', eur: [12, 59], sizes: ['60 cm', '120 cm'], materials: ['Fibreglass'] },
      { name: 'Utility Knife', eur: [7, 29], materials: ['Hardened Steel'] },
      { name: 'Pliers', eur: [12, 45], sizes: ['160 mm', '200 mm'], materials: ['Chrome Vanadium', 'Hardened Steel'] },
      { name: 'Tape Measure', eur: [7, 29], sizes: ['5 m', '8 m'], materials: ['Hardened Steel', 'Fibreglass'] },
    ],
    uses: ['weekend DIY projects', 'household repairs', 'the workshop', 'furniture assembly'],
    features: ['a non-slip bi-material grip', 'a lifetime warranty', 'a rust-resistant finish', 'professional-grade tolerances'],
  },
  {
    slug: 'lighting', name: 'Lighting', prefix: 'LGT', weight: 3,
    description: 'Lamps and fixtures to light every room.',
    adjectives: ['Dimmable', 'Minimal', 'Adjustable', 'Mid-Century', 'Industrial', 'Smart'],
    materials: [
      { name: 'Brass', care: 'Dust with a soft cloth; the brass patinates naturally over time.', factor: 1.5 },
      { name: 'Powder-Coated Steel', care: wipe },
      { name: 'Opal Glass', care: 'Clean the shade with a soft cloth and glass cleaner.', factor: 1.2 },
      { name: 'Rattan', care: 'Dust with a soft brush.' },
      { name: 'Walnut', care: 'Dust regularly and keep out of direct sunlight.', factor: 1.4 },
    ],
    nouns: [
      { name: 'Table Lamp', eur: [29, 199] },
      { name: 'Floor Lamp', eur: [59, 349] },
      { name: 'Pendant Light', eur: [39, 289], sizes: ['30 cm', '45 cm'], materials: ['Brass', 'Powder-Coated Steel', 'Opal Glass', 'Rattan'] },
      { name: 'Wall Sconce', eur: [35, 179] },
      { name: 'Desk Lamp', eur: [25, 149], materials: ['Brass', 'Powder-Coated Steel', 'Walnut'] },
      { name: 'Reading Light', eur: [19, 79], materials: ['Brass', 'Powder-Coated Steel'] },
    ],
    uses: ['cosy evenings', 'focused desk work', 'reading in bed', 'lighting a dining table'],
    features: ['a warm-white LED bulb', 'a fabric cable', 'a dimmable LED', 'a five-year warranty'],
  },
  {
    slug: 'furniture', name: 'Furniture', prefix: 'FUR', weight: 4,
    description: 'Tables, chairs and shelving for small and large spaces.',
    adjectives: ['Scandinavian', 'Mid-Century', 'Modular', 'Compact', 'Classic', 'Folding'],
    materials: [
      { name: 'Solid Oak', care: 'Dust regularly and treat with furniture oil once a year.', factor: 1.5 },
      { name: 'Walnut Veneer', care: 'Wipe with a dry cloth; use coasters for hot drinks.', factor: 1.3 },
      { name: 'Powder-Coated Steel', care: wipe },
      { name: 'Pine', care: 'Wipe with a slightly damp cloth and dry immediately.', factor: 0.7 },
      { name: 'Bouclé', care: 'Vacuum gently and spot clean with a mild detergent.', factor: 1.4 },
    ],
    nouns: [
      { name: 'Dining Chair', eur: [69, 349], materials: ['Solid Oak', 'Powder-Coated Steel', 'Pine', 'Bouclé'] },
      { name: 'Coffee Table', eur: [99, 599], materials: ['Solid Oak', 'Walnut Veneer', 'Powder-Coated Steel', 'Pine'] },
      { name: 'Bookshelf', eur: [89, 549], sizes: ['3-Shelf', '5-Shelf'], materials: ['Solid Oak', 'Walnut Veneer', 'Powder-Coated Steel', 'Pine'] },
      { name: 'Side Table', eur: [49, 249], materials: ['Solid Oak', 'Walnut Veneer', 'Powder-Coated Steel', 'Pine'] },
      { name: 'Desk', eur: [149, 799], sizes: ['120 cm', '140 cm', '160 cm'], materials: ['Solid Oak', 'Walnut Veneer', 'Powder-Coated Steel', 'Pine'] },
      { name: 'Armchair', eur: [249, 1290], materials: ['Solid Oak', 'Bouclé'] },
      { name: 'Bench', eur: [99, 449] },
    ],
    uses: ['small apartments', 'the home office', 'open-plan living rooms', 'everyday family life'],
    features: ['adjustable feet', 'tool-free assembly', 'FSC-certified timber', 'rounded, child-friendly edges'],
  },
  {
    slug: 'bedding', name: 'Bedding', prefix: 'BED', weight: 3,
    description: 'Sheets, duvets and pillows for a better night’s sleep.',
    adjectives: ['Washed', 'Percale', 'Sateen', 'All-Season', 'Lightweight', 'Hotel'],
    materials: [
      { name: 'Organic Cotton', care: wash40 },
      { name: 'Linen', care: 'Machine wash at 40 °C; it softens with every wash.', factor: 1.5 },
      { name: 'Tencel', care: 'Machine wash at 30 °C on a gentle cycle.', factor: 1.3 },
      { name: 'Down', care: 'Professional cleaning recommended; air regularly.', factor: 2 },
    ],
    nouns: [
      { name: 'Duvet Cover', eur: [39, 149], sizes: ['140 x 200 cm', '200 x 200 cm', '240 x 220 cm'], materials: ['Organic Cotton', 'Linen', 'Tencel'] },
      { name: 'Fitted Sheet', eur: [25, 89], sizes: ['90 x 200 cm', '160 x 200 cm', '180 x 200 cm'], materials: ['Organic Cotton', 'Linen', 'Tencel'] },
      { name: 'Pillowcase Set', eur: [19, 59], sizes: ['50 x 60 cm', '65 x 65 cm'], materials: ['Organic Cotton', 'Linen', 'Tencel'] },
      { name: 'Duvet', eur: [59, 349], sizes: ['Light', 'All-Year', 'Warm'], materials: ['Down', 'Tencel'] },
      { name: 'Pillow', eur: [25, 119], sizes: ['Soft', 'Medium', 'Firm'], materials: ['Down', 'Tencel'] },
      { name: 'Throw', eur: [39, 159], materials: ['Organic Cotton', 'Linen'] },
    ],
    uses: ['warm summer nights', 'year-round comfort', 'the guest room', 'a slow Sunday morning'],
    features: ['OEKO-TEX certified fabric', 'a breathable weave', 'a two-year guarantee', 'ethically sourced fibres'],
  },
  {
    slug: 'bath', name: 'Bath', prefix: 'BTH', weight: 3,
    description: 'Towels, robes and bathroom accessories.',
    adjectives: ['Plush', 'Quick-Dry', 'Waffle', 'Spa', 'Classic', 'Ribbed'],
    materials: [
      { name: 'Turkish Cotton', care: wash40 },
      { name: 'Linen', care: 'Machine wash at 40 °C; tumble dry low.', factor: 1.4 },
      { name: 'Bamboo', care: wash30, factor: 1.1 },
      { name: 'Ceramic', care: wipe },
    ],
    nouns: [
      { name: 'Bath Towel', eur: [14, 49], sizes: ['70 x 140 cm', '100 x 150 cm'], materials: ['Turkish Cotton', 'Linen', 'Bamboo'] },
      { name: 'Hand Towel', eur: [7, 24], sizes: ['Set of 2', 'Set of 4'], materials: ['Turkish Cotton', 'Linen', 'Bamboo'] },
      { name: 'Bathrobe', eur: [39, 139], sizes: ['S/M', 'L/XL'], materials: ['Turkish Cotton', 'Linen', 'Bamboo'] },
      { name: 'Bath Mat', eur: [15, 59], materials: ['Turkish Cotton', 'Linen', 'Bamboo'] },
      { name: 'Soap Dispenser', eur: [12, 39], materials: ['Ceramic', 'Bamboo'] },
      { name: 'Toothbrush Holder', eur: [9, 29], materials: ['Ceramic', 'Bamboo'] },
    ],
    uses: ['a spa-like bathroom', 'everyday use', 'the guest bathroom', 'after the sauna'],
    features: ['OEKO-TEX certified materials', 'high absorbency', 'a two-year guarantee', 'gift-ready packaging'],
  },
  {
    slug: 'home-decor', name: 'Home Decor', prefix: 'DEC', weight: 4,
    description: 'Vases, mirrors, cushions and finishing touches.',
    adjectives: ['Sculptural', 'Minimal', 'Vintage', 'Handmade', 'Textured', 'Organic'],
    materials: [
      { name: 'Ceramic', care: 'Dust with a soft cloth.' },
      { name: 'Recycled Glass', care: 'Hand wash with warm, soapy water.' },
      { name: 'Brass', care: 'Polish occasionally with a soft cloth.', factor: 1.4 },
      { name: 'Wool', care: 'Spot clean only.', factor: 1.2 },
      { name: 'Jute', care: 'Vacuum regularly; spot clean with a damp cloth.', factor: 0.8 },
    ],
    nouns: [
      { name: 'Vase', eur: [15, 119], sizes: ['Small', 'Medium', 'Large'], materials: ['Ceramic', 'Recycled Glass', 'Brass'] },
      { name: 'Wall Mirror', eur: [49, 299], sizes: ['50 cm', '70 cm'], materials: ['Brass', 'Jute'] },
      { name: 'Cushion Cover', eur: [15, 49], sizes: ['45 x 45 cm', '50 x 50 cm'], materials: ['Wool', 'Jute'] },
      { name: 'Candle Holder', eur: [9, 49], materials: ['Ceramic', 'Recycled Glass', 'Brass'] },
      { name: 'Picture Frame', eur: [9, 59], sizes: ['A4', '30 x 40 cm', '50 x 70 cm'], materials: ['Brass'] },
      { name: 'Rug', eur: [59, 599], sizes: ['120 x 170 cm', '160 x 230 cm', '200 x 300 cm'], materials: ['Wool', 'Jute'] },
      { name: 'Tray', eur: [15, 69], materials: ['Ceramic', 'Brass'] },
    ],
    uses: ['a calm living room', 'a warm, layered look', 'the entryway', 'adding texture to any room'],
    features: ['a hand-finished surface', 'a unique, slightly irregular character', 'gift-ready packaging', 'ethically sourced materials'],
  },
  {
    slug: 'storage', name: 'Storage & Organisation', prefix: 'STO', weight: 3,
    description: 'Boxes, baskets and organisers to keep things tidy.',
    adjectives: ['Stackable', 'Modular', 'Foldable', 'Compact', 'Lidded', 'Wall-Mounted'],
    materials: [
      { name: 'Seagrass', care: 'Dust with a soft brush.' },
      { name: 'Recycled Plastic', care: 'Wash with warm, soapy water.', factor: 0.7 },
      { name: 'Felt', care: 'Spot clean with a damp cloth.' },
      { name: 'Powder-Coated Steel', care: wipe, factor: 1.2 },
      { name: 'Bamboo', care: 'Wipe with a damp cloth and dry immediately.' },
    ],
    nouns: [
      { name: 'Storage Basket', eur: [12, 59], sizes: ['Small', 'Medium', 'Large'], materials: ['Seagrass', 'Felt', 'Powder-Coated Steel'] },
      { name: 'Storage Box', eur: [9, 45], sizes: ['10 L', '25 L', '45 L'], materials: ['Recycled Plastic', 'Felt', 'Bamboo'] },
      { name: 'Drawer Organiser', eur: [9, 39] },
      { name: 'Wall Shelf', eur: [19, 99], sizes: ['40 cm', '60 cm', '80 cm'], materials: ['Powder-Coated Steel', 'Bamboo'] },
      { name: 'Coat Rack', eur: [29, 149], materials: ['Powder-Coated Steel', 'Bamboo'] },
      { name: 'Shoe Rack', eur: [25, 119], materials: ['Powder-Coated Steel', 'Bamboo'] },
    ],
    uses: ['a clutter-free hallway', 'wardrobe organisation', 'the kids’ room', 'small-space living'],
    features: ['a space-saving design', 'easy assembly', 'a ten-year guarantee', 'a clean, minimal look'],
  },
  {
    slug: 'office', name: 'Home Office', prefix: 'OFF', weight: 3,
    description: 'Ergonomic furniture and accessories for working from home.',
    adjectives: ['Ergonomic', 'Adjustable', 'Minimal', 'Compact', 'Cable-Managed', 'Height-Adjustable'],
    materials: [
      { name: 'Aluminium', care: wipe, factor: 1.2 },
      { name: 'Bamboo', care: 'Wipe with a damp cloth and dry immediately.' },
      { name: 'Felt', care: 'Vacuum or brush off dust.', factor: 0.8 },
      { name: 'Vegan Leather', care: wipe },
    ],
    nouns: [
      { name: 'Monitor Stand', eur: [25, 99], materials: ['Aluminium', 'Bamboo'] },
      { name: 'Laptop Stand', eur: [25, 89], materials: ['Aluminium', 'Bamboo'] },
      { name: 'Desk Mat', eur: [15, 59], sizes: ['60 x 30 cm', '90 x 40 cm'], materials: ['Felt', 'Vegan Leather'] },
      { name: 'Footrest', eur: [25, 79], materials: ['Bamboo', 'Felt'] },
      { name: 'Desk Organiser', eur: [15, 49] },
      { name: 'Office Chair', eur: [149, 899], materials: ['Aluminium', 'Vegan Leather'] },
      { name: 'Cable Tray', eur: [15, 49], materials: ['Aluminium', 'Bamboo'] },
    ],
    uses: ['long days at the desk', 'a tidy workspace', 'better posture', 'hybrid working'],
    features: ['a five-year warranty', 'a clean, minimalist design', 'sustainably sourced materials', 'a sturdy, stable build'],
  },
  {
    slug: 'stationery', name: 'Stationery', prefix: 'STA', weight: 3,
    description: 'Notebooks, pens and paper goods for writing and planning.',
    adjectives: ['Dotted', 'Lined', 'Pocket', 'Classic', 'Undated', 'Premium'],
    materials: [
      { name: 'Recycled Paper', care: 'Keep dry and away from direct sunlight.' },
      { name: 'Linen-Bound', text: 'linen-bound recycled paper', care: 'Keep dry; the cover can be wiped with a dry cloth.', factor: 1.3 },
      { name: 'Brass', care: 'Polish with a soft cloth; the brass develops a patina with use.', factor: 2.5 },
      { name: 'Leather', care: 'Condition the leather occasionally.', factor: 2 },
    ],
    nouns: [
      { name: 'Notebook', eur: [7, 29], sizes: ['A5', 'A6', 'B5'], materials: ['Recycled Paper', 'Linen-Bound', 'Leather'] },
      { name: 'Fountain Pen', eur: [15, 149], sizes: ['Fine', 'Medium'], materials: ['Brass'] },
      { name: 'Planner', eur: [14, 39], materials: ['Recycled Paper', 'Linen-Bound', 'Leather'] },
      { name: 'Pencil Case', eur: [9, 39], materials: ['Leather'] },
      { name: 'Ballpoint Pen', eur: [4, 49], materials: ['Brass'] },
      { name: 'Sketchbook', eur: [9, 32], sizes: ['A5', 'A4'], materials: ['Recycled Paper', 'Linen-Bound'] },
    ],
    uses: ['daily journaling', 'meeting notes', 'sketching on the go', 'planning the week ahead'],
    features: ['a gift box', 'FSC-certified materials', 'a five-year guarantee', 'a timeless, minimalist design'],
  },
  {
    slug: 'audio', name: 'Audio', prefix: 'AUD', weight: 4,
    description: 'Headphones, speakers and audio accessories.',
    adjectives: ['Wireless', 'Compact', 'Portable', 'Studio', 'Premium', 'Hi-Fi'],
    materials: [
      { name: 'Aluminium', care: dryCloth, factor: 1.2 },
      { name: 'Matte Black', text: 'matte black polymer', care: dryCloth },
      { name: 'Walnut', care: 'Dust with a dry cloth; avoid moisture.', factor: 1.4 },
      { name: 'Fabric-Wrapped', text: 'fabric-wrapped wood', care: 'Remove dust with a soft brush.' },
    ],
    nouns: [
      { name: 'Over-Ear Headphones', eur: [49, 399], materials: ['Aluminium', 'Matte Black'] },
      { name: 'Earbuds', eur: [29, 249], materials: ['Matte Black'] },
      { name: 'Bluetooth Speaker', eur: [29, 299] },
      { name: 'Bookshelf Speakers', eur: [149, 799] },
      { name: 'Turntable', eur: [129, 699], materials: ['Aluminium', 'Matte Black', 'Walnut'] },
      { name: 'Soundbar', eur: [129, 599], materials: ['Matte Black', 'Fabric-Wrapped'] },
    ],
    uses: ['home listening', 'music on the go', 'long listening sessions', 'a compact hi-fi setup'],
    features: ['a two-year warranty', 'Bluetooth 5.3 connectivity', 'a custom-tuned sound profile', 'a minimalist, gift-ready box'],
  },
  {
    slug: 'computer-accessories', name: 'Computer Accessories', prefix: 'CMP', weight: 4,
    description: 'Keyboards, mice, hubs and cables.',
    adjectives: ['Slim', 'Low-Profile', 'Compact', 'Ergonomic', 'Pro', 'Essential'],
    materials: [
      { name: 'Aluminium', care: dryCloth, factor: 1.3 },
      { name: 'Matte Black', text: 'matte black polymer', care: dryCloth },
      { name: 'Space Grey', text: 'space grey anodised aluminium', care: dryCloth, factor: 1.1 },
      { name: 'Braided Nylon', care: 'Wipe with a dry cloth.', factor: 0.9 },
    ],
    nouns: [
      { name: 'Keyboard', eur: [39, 229], sizes: ['TKL', 'Full-Size', '75%'], materials: ['Aluminium', 'Matte Black', 'Space Grey'] },
      { name: 'Mouse', eur: [19, 129], materials: ['Matte Black', 'Space Grey'] },
      { name: 'USB-C Hub', eur: [25, 119], sizes: ['5-in-1', '7-in-1', '11-in-1'], materials: ['Aluminium', 'Space Grey'] },
      { name: 'USB-C Cable', eur: [9, 39], sizes: ['1 m', '2 m'], materials: ['Braided Nylon'] },
      { name: 'Webcam', eur: [39, 199], materials: ['Matte Black', 'Space Grey'] },
      { name: 'Laptop Sleeve', eur: [19, 69], sizes: ['13"', '14"', '16"'], materials: ['Braided Nylon', 'Space Grey'] },
    ],
    uses: ['all-day typing', 'a clean desk setup', 'video calls', 'working on the move'],
    features: ['a two-year warranty', 'a clean, minimalist design', 'plastic-free packaging', 'a durable, scratch-resistant finish'],
  },
  {
    slug: 'phone-accessories', name: 'Phone Accessories', prefix: 'PHN', weight: 3,
    description: 'Cases, chargers and mounts for your phone.',
    adjectives: ['Slim', 'Rugged', 'MagSafe-Compatible', 'Essential', 'Compact', 'Travel'],
    materials: [
      { name: 'Silicone', care: 'Wipe with a damp cloth.' },
      { name: 'Leather', care: 'Develops a natural patina; wipe with a dry cloth.', factor: 1.8 },
      { name: 'Recycled Plastic', care: wipe, factor: 0.8 },
      { name: 'Aluminium', care: dryCloth, factor: 1.3 },
    ],
    nouns: [
      { name: 'Phone Case', eur: [12, 59], materials: ['Silicone', 'Leather', 'Recycled Plastic'] },
      { name: 'Wireless Charger', eur: [19, 79], materials: ['Aluminium', 'Recycled Plastic'] },
      { name: 'Power Bank', eur: [19, 89], sizes: ['5,000 mAh', '10,000 mAh', '20,000 mAh'], materials: ['Aluminium', 'Recycled Plastic'] },
      { name: 'Car Mount', eur: [15, 49], materials: ['Aluminium', 'Recycled Plastic'] },
      { name: 'Wall Charger', eur: [15, 59], sizes: ['20 W', '35 W', '65 W'], materials: ['Recycled Plastic'] },
      { name: 'Card Wallet', eur: [12, 49], materials: ['Leather', 'Silicone'] },
    ],
    uses: ['everyday carry', 'charging on the go', 'navigation in the car', 'the bedside table'],
    features: ['a two-year warranty', 'a slim, pocket-friendly design', 'plastic-free packaging', 'a drop-tested build'],
  },
  {
    slug: 'pet-supplies', name: 'Pet Supplies', prefix: 'PET', weight: 3,
    description: 'Beds, bowls, leads and toys for cats and dogs.',
    adjectives: ['Orthopaedic', 'Chew-Resistant', 'Non-Slip', 'Reflective', 'Cosy', 'Washable'],
    materials: [
      { name: 'Stainless Steel', care: 'Dishwasher safe.' },
      { name: 'Recycled Polyester', care: wash30 },
      { name: 'Natural Rubber', care: 'Rinse with warm water.' },
      { name: 'Ceramic', care: 'Dishwasher safe.', factor: 1.2 },
      { name: 'Waxed Canvas', care: 'Spot clean; re-wax once a year.', factor: 1.3 },
    ],
    nouns: [
      { name: 'Dog Bed', eur: [39, 189], sizes: ['S', 'M', 'L', 'XL'], materials: ['Recycled Polyester', 'Waxed Canvas'] },
      { name: 'Food Bowl', eur: [9, 39], sizes: ['0.5 L', '1 L', '2 L'], materials: ['Stainless Steel', 'Ceramic'] },
      { name: 'Dog Lead', eur: [15, 49], sizes: ['1.2 m', '2 m'], materials: ['Recycled Polyester', 'Waxed Canvas'] },
      { name: 'Cat Scratcher', eur: [19, 99], materials: ['Recycled Polyester', 'Waxed Canvas'] },
      { name: 'Chew Toy', eur: [6, 24], materials: ['Natural Rubber'] },
      { name: 'Harness', eur: [24, 69], sizes: ['XS', 'S', 'M', 'L'], materials: ['Recycled Polyester', 'Waxed Canvas'] },
    ],
    uses: ['dogs of every size', 'indoor cats', 'long walks', 'puppies and senior pets'],
    features: ['pet-safe, non-toxic materials', 'easy-clean surfaces', 'a two-year guarantee', 'a design tested by real dogs and cats'],
  },
  {
    slug: 'baby-kids', name: 'Baby & Kids', prefix: 'KID', weight: 3,
    description: 'Clothing, feeding and nursery essentials for little ones.',
    adjectives: ['Soft', 'Organic', 'Stay-Put', 'Cosy', 'Everyday', 'Grow-With-Me'],
    materials: [
      { name: 'Organic Cotton', care: wash40 },
      { name: 'Merino Wool', care: 'Hand wash cold and dry flat.', factor: 1.6 },
      { name: 'Bamboo', care: 'Dishwasher safe on the top rack.' },
      { name: 'Silicone', care: 'Dishwasher safe and BPA-free.' },
      { name: 'Beech Wood', care: 'Wipe with a damp cloth.', factor: 1.3 },
    ],
    nouns: [
      { name: 'Bodysuit', eur: [9, 29], sizes: ['0–3 m', '3–6 m', '6–12 m'], materials: ['Organic Cotton', 'Merino Wool'] },
      { name: 'Sleep Bag', eur: [35, 99], sizes: ['0–6 m', '6–18 m'], materials: ['Organic Cotton', 'Merino Wool'] },
      { name: 'Bib Set', eur: [9, 25], materials: ['Organic Cotton', 'Silicone'] },
      { name: 'Feeding Set', eur: [15, 45], materials: ['Bamboo', 'Silicone'] },
      { name: 'High Chair', eur: [99, 299], materials: ['Beech Wood'] },
      { name: 'Swaddle Blanket', eur: [15, 49], materials: ['Organic Cotton', 'Merino Wool'] },
    ],
    uses: ['newborns', 'the first years', 'messy mealtimes', 'peaceful naps'],
    features: ['baby-safe, certified materials', 'a thoughtful, parent-tested design', 'gift-ready packaging', 'a two-year guarantee'],
  },
  {
    slug: 'toys-games', name: 'Toys & Games', prefix: 'TOY', weight: 3,
    description: 'Wooden toys, puzzles and games for all ages.',
    adjectives: ['Classic', 'Educational', 'Family', 'Travel', 'Montessori', 'Deluxe'],
    materials: [
      { name: 'Beech Wood', care: 'Wipe with a damp cloth; do not soak.' },
      { name: 'Recycled Cardboard', care: 'Keep dry.', factor: 0.7 },
      { name: 'Plush', care: wash30 },
      { name: 'Natural Rubber', care: 'Rinse with warm water.' },
    ],
    nouns: [
      { name: 'Building Blocks', eur: [19, 79], sizes: ['50-Piece', '100-Piece'], materials: ['Beech Wood', 'Natural Rubber'] },
      { name: 'Jigsaw Puzzle', eur: [12, 39], sizes: ['500-Piece', '1000-Piece'], materials: ['Recycled Cardboard', 'Beech Wood'] },
      { name: 'Board Game', eur: [19, 69], materials: ['Recycled Cardboard', 'Beech Wood'] },
      { name: 'Stacking Toy', eur: [12, 39], materials: ['Beech Wood', 'Natural Rubber'] },
      { name: 'Teddy Bear', eur: [15, 49], sizes: ['25 cm', '40 cm'], materials: ['Plush'] },
      { name: 'Marble Run', eur: [29, 119], materials: ['Beech Wood'] },
    ],
    uses: ['rainy afternoons', 'open-ended play', 'family game night', 'ages 3 and up'],
    features: ['non-toxic, water-based paints', 'a storage bag', 'an illustrated instruction booklet', 'CE safety certification'],
  },
  {
    slug: 'bags-luggage', name: 'Bags & Luggage', prefix: 'BAG', weight: 4,
    description: 'Everyday bags, backpacks and travel luggage.',
    adjectives: ['Everyday', 'Weekender', 'Carry-On', 'Roll-Top', 'Convertible', 'Classic'],
    materials: [
      { name: 'Waxed Canvas', care: 'Spot clean and re-wax once a year.' },
      { name: 'Full-Grain Leather', care: 'Condition twice a year with leather balm.', factor: 2.2 },
      { name: 'Recycled Nylon', care: 'Spot clean with mild soap.', factor: 0.9 },
      { name: 'Polycarbonate', care: wipe, factor: 1.2 },
    ],
    nouns: [
      { name: 'Tote Bag', eur: [29, 149], materials: ['Waxed Canvas', 'Full-Grain Leather', 'Recycled Nylon'] },
      { name: 'Backpack', eur: [49, 199], sizes: ['18 L', '24 L', '30 L'], materials: ['Waxed Canvas', 'Full-Grain Leather', 'Recycled Nylon'] },
      { name: 'Duffel Bag', eur: [59, 249], sizes: ['40 L', '60 L'], materials: ['Waxed Canvas', 'Full-Grain Leather', 'Recycled Nylon'] },
      { name: 'Cabin Suitcase', eur: [99, 349], materials: ['Polycarbonate', 'Recycled Nylon'] },
      { name: 'Crossbody Bag', eur: [29, 159], materials: ['Waxed Canvas', 'Full-Grain Leather', 'Recycled Nylon'] },
      { name: 'Wash Bag', eur: [15, 59], materials: ['Waxed Canvas', 'Full-Grain Leather', 'Recycled Nylon'] },
    ],
    uses: ['the daily commute', 'weekend getaways', 'carry-on travel', 'city days'],
    features: ['water-resistant zips', 'a lifetime repair guarantee', 'an interior organiser pocket', 'reinforced stitching at stress points'],
  },
  {
    slug: 'apparel', name: 'Apparel', prefix: 'APP', weight: 5,
    description: 'Everyday clothing in natural and recycled fibres.',
    adjectives: ['Relaxed', 'Slim-Fit', 'Oversized', 'Essential', 'Heavyweight', 'Classic'],
    materials: [
      { name: 'Organic Cotton', care: wash30 },
      { name: 'Merino Wool', care: 'Hand wash cold and dry flat.', factor: 1.8 },
      { name: 'Linen', care: 'Machine wash at 30 °C; iron while damp.', factor: 1.3 },
      { name: 'Cashmere', care: 'Hand wash cold or dry clean; dry flat.', factor: 3 },
      { name: 'Recycled Denim', care: 'Wash inside out at 30 °C.' },
    ],
    nouns: [
      { name: 'T-Shirt', eur: [15, 45], sizes: ['XS', 'S', 'M', 'L', 'XL'], materials: ['Organic Cotton', 'Merino Wool', 'Linen'] },
      { name: 'Sweater', eur: [49, 149], sizes: ['XS', 'S', 'M', 'L', 'XL'], materials: ['Organic Cotton', 'Merino Wool', 'Cashmere'] },
      { name: 'Shirt', eur: [39, 119], sizes: ['S', 'M', 'L', 'XL'], materials: ['Organic Cotton', 'Linen', 'Recycled Denim'] },
      { name: 'Jeans', eur: [49, 139], sizes: ['W28', 'W30', 'W32', 'W34', 'W36'], materials: ['Recycled Denim'] },
      { name: 'Trousers', eur: [49, 139], sizes: ['W28', 'W30', 'W32', 'W34', 'W36'], materials: ['Organic Cotton', 'Linen'] },
      { name: 'Hoodie', eur: [49, 119], sizes: ['S', 'M', 'L', 'XL'], materials: ['Organic Cotton', 'Merino Wool'] },
      { name: 'Scarf', eur: [25, 99], materials: ['Merino Wool', 'Cashmere', 'Linen'] },
      { name: 'Beanie', eur: [15, 49], materials: ['Merino Wool', 'Cashmere', 'Organic Cotton'] },
    ],
    uses: ['everyday wear', 'layering in colder months', 'the office and the weekend', 'travel days'],
    features: ['a relaxed, true-to-size fit', 'reinforced seams', 'a garment-dyed finish', 'responsibly sourced fibres'],
  },
  {
    slug: 'footwear', name: 'Footwear', prefix: 'FTW', weight: 3,
    description: 'Sneakers, boots and slippers for every season.',
    adjectives: ['Classic', 'Waterproof', 'Lightweight', 'Handmade', 'Everyday', 'Minimal'],
    materials: [
      { name: 'Full-Grain Leather', care: 'Clean with a damp cloth and apply leather cream regularly.', factor: 1.4 },
      { name: 'Suede', care: 'Brush with a suede brush and treat with a protective spray.', factor: 1.2 },
      { name: 'Recycled Mesh', care: 'Hand wash with mild soap and air dry.' },
      { name: 'Wool Felt', care: 'Brush off dirt and air out regularly.', factor: 0.9 },
    ],
    nouns: [
      { name: 'Sneakers', eur: [59, 169], sizes: ['EU 38', 'EU 40', 'EU 42', 'EU 44', 'EU 46'] },
      { name: 'Boots', eur: [99, 279], sizes: ['EU 38', 'EU 40', 'EU 42', 'EU 44', 'EU 46'], materials: ['Full-Grain Leather', 'Suede'] },
      { name: 'Slippers', eur: [29, 79], sizes: ['EU 36–37', 'EU 38–39', 'EU 40–41', 'EU 42–43'], materials: ['Wool Felt', 'Suede'] },
      { name: 'Loafers', eur: [79, 199], sizes: ['EU 39', 'EU 41', 'EU 43', 'EU 45'], materials: ['Full-Grain Leather', 'Suede'] },
      { name: 'Sandals', eur: [39, 129], sizes: ['EU 37', 'EU 39', 'EU 41', 'EU 43'], materials: ['Full-Grain Leather', 'Suede'] },
    ],
    uses: ['all-day comfort', 'city walking', 'wet autumn days', 'lazy mornings at home'],
    features: ['a cushioned, removable insole', 'a natural rubber outsole', 'a break-in-free fit', 'a two-year guarantee'],
  },
  {
    slug: 'watches-jewelry', name: 'Watches & Jewellery', prefix: 'JWL', weight: 2,
    description: 'Watches, rings and everyday jewellery.',
    adjectives: ['Minimal', 'Classic', 'Vintage', 'Everyday', 'Polished', 'Brushed'],
    materials: [
      { name: 'Sterling Silver', care: 'Polish with a silver cloth and store in the pouch provided.' },
      { name: 'Gold Vermeil', care: 'Avoid contact with water, perfume and lotions.', factor: 1.4 },
      { name: 'Stainless Steel', care: 'Wipe with a soft cloth.' },
      { name: 'Titanium', care: 'Wipe with a soft cloth; hypoallergenic.', factor: 1.5 },
    ],
    nouns: [
      { name: 'Watch', eur: [99, 899], sizes: ['36 mm', '40 mm', '42 mm'], materials: ['Stainless Steel', 'Titanium'] },
      { name: 'Ring', eur: [29, 189], sizes: ['Size 50', 'Size 54', 'Size 58', 'Size 62'] },
      { name: 'Necklace', eur: [39, 229], sizes: ['45 cm', '50 cm'] },
      { name: 'Hoop Earrings', eur: [29, 149] },
      { name: 'Bracelet', eur: [29, 179] },
      { name: 'Cufflinks', eur: [39, 129], materials: ['Sterling Silver', 'Stainless Steel'] },
    ],
    uses: ['everyday wear', 'special occasions', 'gifting', 'stacking and layering'],
    features: ['a recycled-metal build', 'a presentation pouch', 'a two-year warranty', 'a hypoallergenic finish'],
  },
  {
    slug: 'personal-care', name: 'Personal Care', prefix: 'PRC', weight: 3,
    description: 'Grooming tools and natural skincare.',
    adjectives: ['Gentle', 'Travel', 'Daily', 'Natural', 'Unscented', 'Restoring'],
    materials: [
      { name: 'Bamboo', care: 'Rinse after use and let air dry.' },
      { name: 'Stainless Steel', care: 'Rinse and dry after each use.' },
      { name: 'Boar Bristle', care: 'Remove hair regularly and wash with mild shampoo.', factor: 1.3 },
      { name: 'Aloe Vera', care: 'Store in a cool, dry place away from direct sunlight.' },
      { name: 'Shea Butter', care: 'Store below 25 °C.' },
    ],
    nouns: [
      { name: 'Hairbrush', eur: [12, 49], materials: ['Boar Bristle', 'Bamboo'] },
      { name: 'Safety Razor', eur: [25, 69], materials: ['Stainless Steel'] },
      { name: 'Face Cream', eur: [12, 49], sizes: ['50 ml', '100 ml'], materials: ['Aloe Vera', 'Shea Butter'] },
      { name: 'Body Lotion', eur: [9, 29], sizes: ['200 ml', '400 ml'], materials: ['Aloe Vera', 'Shea Butter'] },
      { name: 'Toothbrush', eur: [3, 12], sizes: ['Pack of 2', 'Pack of 4'], materials: ['Bamboo'] },
      { name: 'Beard Oil', eur: [12, 35], sizes: ['30 ml', '50 ml'], materials: ['Aloe Vera', 'Shea Butter'] },
    ],
    uses: ['a simple daily routine', 'sensitive skin', 'travel bags', 'a plastic-free bathroom'],
    features: ['plastic-free packaging', 'a thoughtful, minimal design', 'ethically sourced ingredients', 'a gift-ready box'],
  },
];

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

function randomBytes(rng: Rng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(rng() * 256);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------

/** "Cast Iron" -> "cast iron", keeping acronyms such as "TPE" or "USB-C". */
function lower(phrase: string): string {
  return phrase
    .split(' ')
    .map((word) => (/^[A-Z0-9][A-Z0-9-]+$/.test(word) ? word : word.toLowerCase()))
    .join(' ');
}

function article(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Log-uniform price in the noun's range, rounded to a shop-like ending (4.49, 24.95, 149.00). */
function price(rng: Rng, noun: Noun, material: Material): number {
  const factor = material.factor ?? 1;
  const [min, max] = noun.eur;
  const euros = Math.exp(Math.log(min * factor) + rng() * Math.log(max / min));
  let cents: number;
  if (euros < 10) cents = Math.floor(euros) * 100 + pick(rng, [49, 95, 99]);
  else if (euros < 100) cents = Math.floor(euros) * 100 + pick(rng, [0, 95, 99, 99]);
  else if (euros < 1000) cents = (Math.round(euros / 10) * 10 - pick(rng, [0, 1, 1, 1])) * 100;
  else cents = Math.round(euros / 50) * 50 * 100 - pick(rng, [0, 100]);
  return Math.min(Math.max(cents, 199), 249_900);
}

/** About 3% sold out, most items in low double digits, a few deep stocks up to 500. */
function stock(rng: Rng): number {
  if (chance(rng, 0.03)) return 0;
  return Math.min(500, 1 + Math.floor(500 * rng() ** 2.2));
}

function description(
  rng: Rng,
  spec: CategorySpec,
  parts: { brand: string; adjective: string; material: Material; noun: Noun },
): string {
  const noun = lower(parts.noun.name);
  const material = parts.material.text ?? lower(parts.material.name);
  const adjective = lower(parts.adjective);
  const use = pick(rng, spec.uses);
  // "Trousers", "Earbuds", "Pliers": plural nouns take "these ... are" and no article.
  const plural = /[^s]s$/.test(parts.noun.name);
  const [this_, is, it] = plural ? ['these', 'are', 'They'] : ['this', 'is', 'It'];
  const openers = [
    `${capitalise(plural ? `${adjective} ${noun}` : article(`${adjective} ${noun}`))} in ${material}, made for ${use}.`,
    `${capitalise(this_)} ${lower(parts.material.name)} ${noun} from ${parts.brand} ${is} designed for ${use}.`,
    `${parts.brand}’s ${adjective} ${noun} ${plural ? 'bring' : 'brings'} ${material} to ${use}.`,
    `Built for ${use}, ${this_} ${noun} ${is} crafted from ${material}.`,
  ];
  const sentences = [pick(rng, openers)];
  if (chance(rng, 0.7)) {
    const first = pick(rng, spec.features);
    const second = pick(rng, spec.features.filter((feature) => feature !== first));
    sentences.push(
      chance(rng, 0.5) ? `${it} ${plural ? 'feature' : 'features'} ${first} and ${second}.` : `Highlights include ${first}.`,
    );
  }
  if (chance(rng, 0.6)) sentences.push(parts.material.care);
  return sentences.join(' ');
}

function materialsFor(spec: CategorySpec, noun: Noun): Material[] {
  if (!noun.materials) return spec.materials;
  const allowed = noun.materials;
  return spec.materials.filter((material) => allowed.includes(material.name));
}

function brandsFor(categoryIndex: number): string[] {
  return Array.from({ length: BRANDS_PER_CATEGORY }, (_, k) => BRANDS[(categoryIndex * 7 + k * 3) % BRANDS.length]!);
}

function pickWeighted<T extends { weight: number }>(rng: Rng, items: readonly T[], total: number): number {
  let roll = rng() * total;
  for (let i = 0; i < items.length; i++) {
    roll -= items[i]!.weight;
    if (roll < 0) return i;
  }
  return items.length - 1;
}

export function generateCatalog(
  productCount: number,
  seed = 1,
): { categories: SeedCategory[]; products: SeedProduct[] } {
  if (!Number.isInteger(productCount) || productCount < 0) throw new RangeError('productCount must be a non-negative integer');

  const categories: SeedCategory[] = CATEGORIES.map((spec, index) => ({
    slug: spec.slug,
    name: spec.name,
    description: spec.description,
    createdAt: new Date(CATALOG_START - (CATEGORIES.length - index) * DAY_MS),
  }));

  const rng = mulberry32(seed);
  const brands = CATEGORIES.map((_, index) => brandsFor(index));
  const totalWeight = CATEGORIES.reduce((sum, spec) => sum + spec.weight, 0);
  const skuCounters = new Map<string, number>();
  const products: SeedProduct[] = [];

  for (let i = 0; i < productCount; i++) {
    const categoryIndex = pickWeighted(rng, CATEGORIES, totalWeight);
    const spec = CATEGORIES[categoryIndex]!;
    const brand = pick(rng, brands[categoryIndex]!);
    const adjective = pick(rng, spec.adjectives);
    const noun = pick(rng, spec.nouns);
    const material = pick(rng, materialsFor(spec, noun));
    const size = noun.sizes && chance(rng, 0.85) ? pick(rng, noun.sizes) : undefined;
    const useAdjective = chance(rng, 0.5);

    const name = [brand, useAdjective ? adjective : undefined, material.name, noun.name, size].filter(Boolean).join(' ');
    const createdAt = new Date(CATALOG_START + Math.floor(rng() * 365 * DAY_MS));
    const serial = (skuCounters.get(spec.prefix) ?? 0) + 1;
    skuCounters.set(spec.prefix, serial);

    products.push({
      id: v7({ msecs: createdAt.getTime(), random: randomBytes(rng, 16) }),
      sku: `${spec.prefix}-${String(serial).padStart(6, '0')}`,
      name,
      description: description(rng, spec, { brand, adjective, material, noun }),
      category: spec.slug,
      price: price(rng, noun, material),
      currency: CURRENCY,
      stock: stock(rng),
      createdAt,
    });
  }

  return { categories, products };
}
