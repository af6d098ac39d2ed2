/**
 * Held-out short papers for `npm run bench:plain` (scripts/bench-plain.ts): one plain statement per question,
 * written in our own words, in six fields. Measured once per engine version, never fitted: nothing in the
 * engine, the catalogue or the training may be chosen by reading how these papers are answered (issue 11).
 * `seen` says when a frame was first run; a frame an engine was fitted to moves to plain-statements.test.ts.
 */
export interface HeldOutPaper {
  name: string;
  /** Engine version at whose first run the frame had never been answered. */
  seen: number;
  head: string;
  tail: string;
  statements: Record<number, string>;
}

export const HELD_OUT_PAPERS: readonly HeldOutPaper[] = [
  {
    name: "seals",
    seen: 11,
    head: `Counting grey seals in drone imagery with an object detector

Abstract
Aerial surveys of seal haul-outs produce thousands of photographs. We use a deep learning object detector to count grey seals and separate pups from adults.

2 Methods
`,
    tail: `

3 Results
Automated counts were within 5% of manual counts at every colony.
`,
    statements: {
      1: "Photographs were taken from a DJI Mavic 3 flown at 40 m altitude over four breeding colonies during the 2021 and 2022 pupping seasons.",
      2: "Inputs to the detector are 5280 × 3956 RGB photographs cut into 1024-pixel squares.",
      3: "Every seal was boxed and marked as pup or adult by two observers in LabelImg; boxes were reconciled by consensus.",
      4: "We applied random scaling, hue and saturation changes, and mosaic composition of four images while training.",
      5: "The detector was trained on 1,850 of our drone photographs containing 61,000 annotated seals.",
      6: "Overlapping photographs were removed and the remaining ones were cut into 1024 × 1024 squares with a 100-pixel overlap.",
      7: "Whole colonies were held out: three colonies were used for training and validation and the fourth only for testing.",
      8: "The code for training and counting can be found on GitHub.",
      9: "The annotated photographs have been made available on Zenodo.",
      10: "Scripts: https://github.com/sealcount/drone-seals.",
      11: "The annotations are at https://zenodo.org/records/8123456.",
      12: "We used Faster R-CNN with a ResNet-101 feature pyramid backbone.",
      13: "Training ran for 24 epochs with a base learning rate of 0.02 and four images per batch.",
      14: "Anchor sizes and the learning rate were set after a small grid search on the validation colonies.",
      15: "Stochastic gradient descent with momentum was used to minimise the loss.",
      16: "We trained for a fixed schedule of 24 epochs.",
      17: "The backbone was frozen for the first epochs and weight decay of 0.0001 was applied to avoid overfitting.",
      18: "Validation mean average precision was calculated after each epoch and plotted against the training loss.",
      19: "The detector was trained with the MMDetection toolbox.",
      20: "Computation was carried out on an NVIDIA Quadro RTX 8000 graphics card.",
      21: "Detections from overlapping squares were merged back onto the full photograph, and seals counted twice in overlaps were removed.",
      22: "We evaluate detection with average precision at an IoU of 0.5 and compare counts with the mean absolute error.",
      23: "The held-out colony, which differs in substrate and light, tests how the detector copes with a site it has never seen.",
      24: "Each model was trained five times with different seeds to estimate the variation between runs.",
      25: "The model locates each seal in a photograph and labels it as a pup or an adult.",
      26: "Pups are far fewer than adults, so photographs with pups were sampled twice as often during training.",
      27: "The trained detector is available as a Docker image.",
      28: "Survey teams run the container on a laptop in the field station.",
    },
  },
  {
    name: "mosquitoes",
    seen: 11,
    head: `Identifying mosquito species from wingbeat sounds with a neural network

Abstract
Mosquito species differ in the frequency of their wingbeats. We train a neural network that names the species from a short sound recording captured by a phone.

Materials and Methods
`,
    tail: `

Results
The network named the correct species for 82% of the test recordings.
`,
    statements: {
      1: "Wingbeat sounds were captured with smartphones held near cages of lab-reared mosquitoes at an insectary.",
      2: "The input is the raw audio waveform sampled at 8 kHz, in one-second windows.",
      3: "The species of each recording is known because every cage contained a single reared species.",
      4: "Training recordings were varied by adding room noise at random signal-to-noise ratios and by changing the playback speed slightly.",
      5: "We trained and tested on the HumBugDB collection of mosquito recordings.",
      6: "Silent parts were cut out and each window was scaled to a peak amplitude of one.",
      7: "Recordings from 70% of the cages were used to train, 10% to validate and 20% to test, so no cage contributes to two sets.",
      8: "Our code is hosted on GitLab.",
      9: "The recordings are in the HumBugDB repository on Zenodo.",
      10: "The implementation can be downloaded from https://gitlab.com/wingbeat/speciesnet.",
      11: "Recordings: https://doi.org/10.5281/zenodo.4904800.",
      12: "The network is a one-dimensional convolutional network with six convolution layers working directly on the waveform.",
      13: "We used a learning rate of 0.0003, 64 windows per batch and 60 epochs.",
      14: "Settings such as the number of layers were compared on the validation cages before the final training.",
      15: "The loss was minimised with Adam.",
      16: "The weights from the epoch with the best validation accuracy were kept.",
      17: "Dropout (p = 0.3) between the dense layers reduced overfitting.",
      18: "Training and validation accuracy were recorded at each epoch to watch for overfitting.",
      19: "Everything was written in Python with Keras on top of TensorFlow 2.12.",
      20: "Networks were trained on a laptop with an NVIDIA GeForce GTX 1650 GPU.",
      21: "Predictions for all windows of a recording were averaged to give one species per recording.",
      22: "We report accuracy, a confusion matrix and balanced accuracy.",
      23: "Recordings made with a second phone model were kept aside to check that the network is not tied to one microphone.",
      24: "Ten training runs with different random seeds were averaged.",
      25: "The network classifies a recording into one of six mosquito species.",
      26: "Species with fewer recordings were given larger weights in the loss function.",
      27: "The network was compressed to 8-bit integers and included in a phone app.",
      28: "The app runs offline on Android phones.",
    },
  },
  {
    name: "edna",
    seen: 11,
    head: `Assigning environmental DNA reads to fish taxa with a convolutional network

Abstract
Metabarcoding of water samples yields millions of DNA reads. We trained a convolutional neural network to assign reads to fish families without alignment to a reference database.

Methods
`,
    tail: `

Results
Reads were assigned to the correct family in 91% of cases.

Discussion
Alignment-free assignment is fast enough for routine monitoring.
`,
    statements: {
      1: "Water samples of two litres were filtered at 30 river sites, and DNA was extracted and sequenced on an Illumina MiSeq.",
      2: "Each input is a DNA read of up to 170 bases, encoded as a one-hot matrix of the four nucleotides.",
      3: "Reads were labelled with the family of the reference sequence they matched in a curated BLAST search.",
      4: "We simulated sequencing errors by randomly substituting 1% of the bases in training reads.",
      5: "Reference sequences came from the MitoFish database, and the model was evaluated on our own river samples.",
      6: "Primers were trimmed, reads shorter than 100 bases were dropped and the rest were padded to 170 bases.",
      7: "Sequences were split by species so that the test families contain species absent from training.",
      8: "All code is released through GitHub.",
      9: "Raw reads were submitted to the NCBI Sequence Read Archive.",
      10: "The code is available from the repository https://github.com/ednafish/readcnn.",
      11: "Reads are available under BioProject PRJNA123456 at https://www.ncbi.nlm.nih.gov/bioproject/PRJNA123456.",
      12: "The classifier is a convolutional neural network with three one-dimensional convolution layers and global max pooling.",
      13: "We trained with a batch size of 256 and a learning rate of 0.001 for 40 epochs.",
      14: "Kernel sizes and filter numbers were optimised with the Hyperband algorithm.",
      15: "The weights were fitted with the Nadam optimiser.",
      16: "Training stopped once the validation loss had risen for three epochs in a row.",
      17: "L2 regularisation with a factor of 0.001 was added to all convolution layers.",
      18: "The loss and accuracy on the validation reads were followed throughout training.",
      19: "The model was written with PyTorch Lightning.",
      20: "A single NVIDIA A40 GPU was used.",
      21: "Reads with a top probability under 0.8 were left unassigned, and counts per family were summed for each site.",
      22: "Assignment quality is expressed as precision and recall per family.",
      23: "We tested whether the network generalises to species it was not trained on.",
      24: "Results are means over three replicate trainings.",
      25: "The network predicts the fish family of each read.",
      26: "Families with many sequences were down-sampled to at most 5,000 reads each.",
      27: "The trained network is distributed as a command-line program.",
      28: "The program can be run on a high-performance computing cluster or a standard workstation.",
    },
  },
  {
    name: "rivers",
    seen: 11,
    head: `Forecasting river water temperature with a recurrent neural network

Abstract
Warm water threatens cold-water fish. We developed a recurrent neural network that forecasts daily maximum water temperature seven days ahead.

Data and methods
`,
    tail: `

Results
The seven-day forecasts had a root mean square error of 0.9 °C.
`,
    statements: {
      1: "Water temperature was logged every 15 minutes by HOBO loggers at 48 gauging stations, and weather data came from the national weather service.",
      2: "The model reads tables of daily values (air temperature, discharge, solar radiation) stored as CSV files.",
      3: "Days flagged as logger malfunction by field technicians were marked as missing.",
      4: "We added Gaussian noise to the input series of the training stations to make the network more robust.",
      5: "We used the data of the 48 stations described above; no external dataset was used.",
      6: "Gaps shorter than three days were filled by linear interpolation and all variables were min-max scaled.",
      7: "The years 2005 to 2016 formed the training period, 2017 to 2018 the validation period and 2019 to 2021 the test period.",
      8: "The model code is on GitHub.",
      9: "The temperature series were deposited in the HydroShare repository.",
      10: "Code: https://github.com/rivtemp/lstm-forecast.",
      11: "Data: https://www.hydroshare.org/resource/abc123def456.",
      12: "Forecasts are produced by a two-layer LSTM followed by a fully connected output layer.",
      13: "We used 128 hidden units, a sequence length of 30 days, a learning rate of 0.001 and a batch size of 32.",
      14: "A random search over 50 configurations chose the number of hidden units and the sequence length.",
      15: "Gradient descent used the Adam method.",
      16: "We used early stopping with a patience of 20 epochs.",
      17: "Recurrent dropout of 0.25 was used against overfitting.",
      18: "The validation error was checked after every epoch.",
      19: "The network was implemented in TensorFlow.",
      20: "The model was trained on the CPUs of a desktop computer with 32 GB of RAM.",
      21: "Forecasts were bias-corrected with a linear regression fitted on the validation period.",
      22: "Skill was measured with the root mean square error, the mean absolute error and the Nash–Sutcliffe efficiency.",
      23: "Eight stations were left out of training entirely to judge forecasts at ungauged rivers.",
      24: "The random seed was fixed to make training reproducible.",
      25: "The task is a regression: the model forecasts a continuous temperature for each of the next seven days.",
      26: "Hot days are rare, so we weighted the loss more heavily for days above 18 °C.",
      27: "The trained model was saved in the HDF5 format and placed in an operational forecasting workflow.",
      28: "Daily forecasts are produced on a virtual machine in Microsoft Azure.",
    },
  },
  {
    name: "lichens",
    seen: 11,
    head: `Recognising lichen species in smartphone photographs with deep learning

Abstract
Lichens are useful indicators of air quality but hard to identify. We trained a deep neural network that recognises 40 common lichen species from close-up photographs.

Methods
`,
    tail: `

Results
Top-1 accuracy on the test photographs was 87%.
`,
    statements: {
      1: "Volunteers photographed lichens on tree trunks across 120 towns with their own phones between 2019 and 2023.",
      2: "The model receives square colour photographs of 300 × 300 pixels.",
      3: "A lichenologist checked each photograph and recorded the species name shown in it.",
      4: "Training photographs were randomly cropped, turned and had their brightness changed.",
      5: "We compiled the LichenPix dataset of 21,000 photographs for this study.",
      6: "Blurred photographs were discarded, and the rest were centre-cropped and reduced to 300 × 300 pixels.",
      7: "We randomly assigned 75% of the photographs to training, 10% to validation and 15% to the test set.",
      8: "The source code is kept in a public GitHub repository.",
      9: "The photographs are archived on Figshare.",
      10: "The repository is https://github.com/lichenid/lichenpix.",
      11: "The dataset can be found at https://doi.org/10.6084/m9.figshare.24000000.",
      12: "We used an EfficientNet-B3 convolutional network.",
      13: "The network was trained for 35 epochs with batches of 48 photographs and a learning rate of 0.0002.",
      14: "We tried three learning rates and two batch sizes and kept the pair with the best validation accuracy.",
      15: "We optimised the cross-entropy loss with AdamW.",
      16: "We stopped training when the validation loss had not improved for eight epochs.",
      17: "Label smoothing and a dropout of 0.3 were used to limit overfitting.",
      18: "Learning curves of the training and validation loss were inspected after every epoch.",
      19: "We relied on the timm library for PyTorch.",
      20: "All training took place on a GPU server with four NVIDIA RTX A6000 cards.",
      21: "Grad-CAM maps were produced to show which parts of the photograph the network used.",
      22: "Top-1 and top-5 accuracy and the macro F1 score were computed on the test photographs.",
      23: "Photographs from towns not represented in the training set were used to check how well the model generalises.",
      24: "Training was repeated with three random seeds.",
      25: "The network identifies the lichen species in a photograph.",
      26: "To correct for unequal numbers of photographs per species we used a class-balanced sampler.",
      27: "The final network is part of a free smartphone app.",
      28: "The app runs the network on the phone itself, without an internet connection.",
    },
  },
  {
    name: "deer",
    seen: 11,
    head: `Estimating deer density from thermal drone video with a neural network

Abstract
Thermal cameras on drones reveal deer at night. We propose a convolutional neural network that finds deer in thermal video frames so that densities can be estimated.

2. Material and methods
`,
    tail: `

3. Results
Density estimates from the network differed from manual counts by 4% on average.
`,
    statements: {
      1: "Thermal videos were recorded at night with a drone-mounted FLIR camera along 60 transects in three forests.",
      2: "Each input is a single 640 × 512 thermal video frame.",
      3: "Deer in 12,000 frames were outlined with bounding boxes by trained wildlife technicians.",
      4: "During training, the frames were flipped, slightly rotated and their contrast was varied.",
      5: "Our thermal frames from the three forests formed the training and test data.",
      6: "Frames were extracted at one frame per second and their temperature values were converted to 8-bit grey levels.",
      7: "Two forests were used for training and the third forest served as the test set.",
      8: "The code can be obtained from GitHub.",
      9: "Annotated frames are stored in the Dryad repository.",
      10: "Code repository: https://github.com/thermaldeer/detector.",
      11: "Frames and annotations: https://doi.org/10.5061/dryad.xyz789.",
      12: "The network is a YOLOv7 detector.",
      13: "We trained with a batch size of 16 for 100 epochs with an initial learning rate of 0.01.",
      14: "Hyperparameters were taken from the default YOLOv7 configuration without further tuning.",
      15: "The optimiser was stochastic gradient descent.",
      16: "Training lasted 100 epochs.",
      17: "We used weight decay (0.0005) as the regulariser.",
      18: "Precision and recall on the validation frames were logged after each epoch.",
      19: "Training used the official PyTorch implementation of YOLOv7.",
      20: "The network was trained on an NVIDIA RTX 4090.",
      21: "Detections in consecutive frames were linked so that each deer was counted only once per transect.",
      22: "We report precision, recall and mAP@0.5.",
      23: "Testing on a forest that was not seen in training shows how the detector performs in a new place.",
      24: "No fixed seed was used, but we repeated each training three times.",
      25: "The model detects deer in thermal frames.",
      26: "Because frames without deer dominate, empty frames were subsampled to one in ten.",
      27: "The trained detector was converted to TensorRT.",
      28: "It runs on an NVIDIA Jetson Orin on board the drone.",
    },
  },
];
