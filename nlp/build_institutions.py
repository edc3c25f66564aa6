"""Build the institution data: ``gazetteer/institutions.csv`` (ids, names, kinds,
abbreviations), ``patterns/institutions.jsonl`` (ministries and agencies) and
``patterns/units.jsonl`` (units of a regional government).

    python -m nlp.build_institutions

The tables below are the source; the three files are written from them (a test fails
when the committed files differ).
"""
import csv
import io
import json
from pathlib import Path

ROOT = Path(__file__).parent

# id, name, kind, abbreviations (csv), note, national(RI suffix), strings, orth abbrevs, token patterns
I = []
def inst(id, name, kind, abbrs, note="", strings=(), orth=(), tokens=(), ri=True):
    I.append(dict(id=id, name=name, kind=kind, abbrs=abbrs, note=note, strings=list(strings),
                  orth=list(orth), tokens=list(tokens), ri=ri))

KEM = [{"LOWER": {"IN": ["kementerian", "kementrian"]}}]

# ---- Kementerian PANRB
pan_strings = ["Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
               "Kementerian Negara Pendayagunaan Aparatur Negara",
               "Kementerian PAN", "Kemenpan", "Kemenpanrb", "Kempanrb", "Kemen PAN"]
for head in ["Kementerian", "Kemen", "Kemen-"]:
    for tail in ["PANRB", "PAN-RB", "PAN RB", "PAN dan RB", "PAN & RB", "PAN&RB", "PAN/RB", "PAN.RB"]:
        pan_strings.append(f"{head} {tail}")
for tail in ["RB", "-RB", " RB", "/RB", ".RB", " - RB", " dan RB"]:
    pan_strings.append(f"Kemenpan{tail}")
pan_tokens = [
    # garbled long forms: "Kementrian Pendatagunaan Aparatur Negara Reformais dan Birokrasi"
    KEM + [{"LOWER": "negara", "OP": "?"}, {"LOWER": {"REGEX": "^penda"}}, {"LOWER": "aparatur"},
           {"LOWER": "negara"}, {"LOWER": {"IN": ["dan", "&"]}, "OP": "?"}, {"LOWER": {"REGEX": "^refor"}},
           {"LOWER": {"IN": ["dan", "&"]}, "OP": "?"}, {"LOWER": "birokrasi"}],
]
inst("kemenpan-rb", "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", "kementerian",
     "Kementerian PANRB|KemenPAN-RB|Kemenpan RB|Kemenpanrb|KemenPAN",
     "Minister forms (Menpan RB, MenPAN-RB, Menteri PANRB) are NOT matched: they name the minister, and 'Peraturan Menteri PANRB' is a REGULATION. Typo/garbled long forms matched by a token pattern.",
     pan_strings, tokens=pan_tokens)

inst("kemendagri", "Kementerian Dalam Negeri", "kementerian", "Kemendagri|Kemdagri|Depdagri",
     "", ["Kementerian Dalam Negeri", "Kemendagri", "Kemdagri", "Depdagri", "Departemen Dalam Negeri"])
inst("ditjen-dukcapil", "Direktorat Jenderal Kependudukan dan Pencatatan Sipil", "kementerian", "Ditjen Dukcapil",
     "Unit of Kemendagri. Bare 'Dukcapil' is NOT matched (national Ditjen vs regional Disdukcapil).",
     ["Direktorat Jenderal Kependudukan dan Pencatatan Sipil", "Ditjen Dukcapil"], ri=False)
inst("kemenag", "Kementerian Agama", "kementerian", "Kemenag|Kemenag RI|Kankemenag|Depag",
     "Kantor Kementerian Agama kab/kota (Kankemenag) included.",
     ["Kementerian Agama", "Kemenag", "Kankemenag", "Kantor Kemenag", "Depag", "Departemen Agama"])
inst("kemenlu", "Kementerian Luar Negeri", "kementerian", "Kemenlu|Kemlu|Deplu", "",
     ["Kementerian Luar Negeri", "Kemenlu", "Kemlu", "Deplu", "Departemen Luar Negeri"])
inst("kemensos", "Kementerian Sosial", "kementerian", "Kemensos|Depsos", "",
     ["Kementerian Sosial", "Kemensos", "Depsos", "Departemen Sosial"])
inst("kemenkes", "Kementerian Kesehatan", "kementerian", "Kemenkes|Depkes", "",
     ["Kementerian Kesehatan", "Kemenkes", "Depkes", "Departemen Kesehatan"])
inst("kemendikbudristek", "Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi", "kementerian",
     "Kemendikbudristek|Kemendikbud Ristek|Kemendikbud|Kemendiknas|Depdiknas",
     "Lineage id 2011-2024 (Kemendiknas -> Kemendikbud -> Kemendikbudristek); split Oct 2024 into kemendikdasmen, kemendiktisaintek, kemenbud.",
     ["Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi", "Kementerian Pendidikan, Kebudayaan, Riset dan Teknologi",
      "Kementerian Pendidikan dan Kebudayaan", "Kementerian Pendidikan Nasional",
      "Kemendikbudristek", "Kemdikbudristek", "Kemendikbud Ristek", "Kemendikbud-Ristek", "Kemendikbud",
      "Kemdikbud", "Kemendiknas", "Depdiknas", "Departemen Pendidikan Nasional"])
inst("kemendikdasmen", "Kementerian Pendidikan Dasar dan Menengah", "kementerian", "Kemendikdasmen|Kemdikdasmen",
     "Since Oct 2024 (split from Kemendikbudristek).",
     ["Kementerian Pendidikan Dasar dan Menengah", "Kemendikdasmen", "Kemdikdasmen"])
inst("kemendiktisaintek", "Kementerian Pendidikan Tinggi, Sains, dan Teknologi", "kementerian",
     "Kemendiktisaintek|Kemdiktisaintek", "Since Oct 2024 (split from Kemendikbudristek).",
     ["Kementerian Pendidikan Tinggi, Sains, dan Teknologi", "Kementerian Pendidikan Tinggi, Sains dan Teknologi",
      "Kemendiktisaintek", "Kemdiktisaintek", "Kemendikti Saintek", "Kemendikti"])
inst("kemenbud", "Kementerian Kebudayaan", "kementerian", "Kemenbud",
     "Since Oct 2024 (split from Kemendikbudristek).", ["Kementerian Kebudayaan", "Kemenbud"])
inst("kemenristekdikti", "Kementerian Riset, Teknologi, dan Pendidikan Tinggi", "kementerian",
     "Kemenristekdikti|Kemristekdikti", "2014-2019; higher education merged into Kemendikbud(ristek) 2019/2021.",
     ["Kementerian Riset, Teknologi, dan Pendidikan Tinggi", "Kementerian Riset, Teknologi dan Pendidikan Tinggi",
      "Kemenristekdikti", "Kemristekdikti", "Kemenristek Dikti"])
inst("kemenkumham", "Kementerian Hukum dan Hak Asasi Manusia", "kementerian", "Kemenkumham|Kemenkum HAM|Kemkumham|Depkumham",
     "Until Oct 2024; split into kemenkum, kemenham, kemenimipas.",
     ["Kementerian Hukum dan Hak Asasi Manusia", "Kementerian Hukum dan HAM", "Kemenkumham", "Kemenkum HAM",
      "Kemenkum-HAM", "Kemkumham", "Depkumham"])
inst("kemenkum", "Kementerian Hukum", "kementerian", "Kemenkum", "Since Oct 2024 (split from Kemenkumham).",
     ["Kementerian Hukum", "Kemenkum"])
inst("kemenham", "Kementerian Hak Asasi Manusia", "kementerian", "KemenHAM", "Since Oct 2024 (split from Kemenkumham).",
     ["Kementerian Hak Asasi Manusia", "Kementerian HAM", "KemenHAM", "Kemen HAM"])
inst("kemenimipas", "Kementerian Imigrasi dan Pemasyarakatan", "kementerian", "Kemenimipas|KemenImipas",
     "Since Oct 2024 (split from Kemenkumham); Ditjen Imigrasi is under it (id imigrasi).",
     ["Kementerian Imigrasi dan Pemasyarakatan", "Kemenimipas", "Kemen Imipas", "Kemenimpas"])
inst("imigrasi", "Direktorat Jenderal Imigrasi", "kementerian", "Ditjen Imigrasi|Kantor Imigrasi|Kanim",
     "Ditjen + Kantor Imigrasi (under Kemenkumham until 2024, then Kemenimipas). Bare 'Imigrasi' only capitalised (ORTH).",
     ["Direktorat Jenderal Imigrasi", "Ditjen Imigrasi", "Kantor Imigrasi", "Kanim"], orth=["Imigrasi", "IMIGRASI"], ri=False)
inst("atr-bpn", "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional", "kementerian",
     "ATR/BPN|Kementerian ATR/BPN|BPN|Kantah",
     "Includes Kantor Pertanahan (Kantah) and Kanwil BPN. 'BPN' ORTH only.",
     ["Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional", "Kementerian Agraria dan Tata Ruang / Badan Pertanahan Nasional",
      "Kementerian Agraria dan Tata Ruang", "Kementerian ATR/BPN", "Kementerian ATR-BPN", "Kementerian ATR",
      "Kemen ATR/BPN", "Kemen-ATR/BPN", "KemenATR/BPN", "KemenATR", "ATR/BPN", "ATR-BPN", "ATR / BPN",
      "Badan Pertanahan Nasional", "Kantor Pertanahan", "Kantah"], orth=["BPN"])
inst("kemenkeu", "Kementerian Keuangan", "kementerian", "Kemenkeu|Depkeu", "",
     ["Kementerian Keuangan", "Kemenkeu", "Depkeu", "Departemen Keuangan"])
inst("djp", "Direktorat Jenderal Pajak", "kementerian", "DJP|Ditjen Pajak|KPP",
     "Unit of Kemenkeu; includes Kantor Pelayanan Pajak (KPP Pratama/Madya). Bare 'KPP' not matched.",
     ["Direktorat Jenderal Pajak", "Ditjen Pajak", "Kantor Pelayanan Pajak"], orth=["DJP"],
     tokens=[[{"ORTH": "KPP"}, {"LOWER": {"IN": ["pratama", "madya"]}}]], ri=False)
inst("bea-cukai", "Direktorat Jenderal Bea dan Cukai", "kementerian", "DJBC|Ditjen Bea Cukai|Bea Cukai",
     "Unit of Kemenkeu. 'Bea Cukai' only capitalised (lowercase 'bea cukai' is the duty itself).",
     ["Direktorat Jenderal Bea dan Cukai", "Ditjen Bea dan Cukai", "Ditjen Bea Cukai"], orth=["DJBC"],
     tokens=[[{"ORTH": {"IN": ["Bea", "BEA"]}}, {"LOWER": "dan", "OP": "?"}, {"ORTH": {"IN": ["Cukai", "CUKAI"]}}]], ri=False)
inst("kemenhub", "Kementerian Perhubungan", "kementerian", "Kemenhub|Dephub", "",
     ["Kementerian Perhubungan", "Kemenhub", "Dephub", "Departemen Perhubungan"])
inst("kemenaker", "Kementerian Ketenagakerjaan", "kementerian", "Kemnaker|Kemenaker|Kemenakertrans",
     "Kemenakertrans (Kementerian Tenaga Kerja dan Transmigrasi, until 2014) included.",
     ["Kementerian Ketenagakerjaan", "Kemnaker", "Kemenaker", "Kemenakertrans", "Kementerian Tenaga Kerja dan Transmigrasi",
      "Kementerian Tenaga Kerja", "Depnakertrans"])
inst("kementan", "Kementerian Pertanian", "kementerian", "Kementan|Deptan", "",
     ["Kementerian Pertanian", "Kementan", "Deptan", "Departemen Pertanian"])
inst("kemendag", "Kementerian Perdagangan", "kementerian", "Kemendag|Depdag", "",
     ["Kementerian Perdagangan", "Kemendag", "Depdag", "Departemen Perdagangan"])
inst("kemenperin", "Kementerian Perindustrian", "kementerian", "Kemenperin|Kemperin|Depperin", "",
     ["Kementerian Perindustrian", "Kemenperin", "Kemperin", "Depperin", "Departemen Perindustrian"])
inst("kemenkominfo", "Kementerian Komunikasi dan Informatika", "kementerian", "Kemenkominfo|Kemkominfo|Kementerian Kominfo",
     "Until Oct 2024, then komdigi. Bare 'Kominfo' NOT matched (regional Dinas Kominfo is also called 'Kominfo').",
     ["Kementerian Komunikasi dan Informatika", "Kemenkominfo", "Kemkominfo", "Kementerian Kominfo", "Kemen Kominfo",
      "Depkominfo"])
inst("komdigi", "Kementerian Komunikasi dan Digital", "kementerian", "Komdigi|Kemkomdigi",
     "Since Oct 2024 (renamed from Kemenkominfo).",
     ["Kementerian Komunikasi dan Digital", "Komdigi", "Kemkomdigi", "Kemenkomdigi", "Kementerian Komdigi"])
inst("kemendes", "Kementerian Desa dan Pembangunan Daerah Tertinggal", "kementerian", "Kemendes PDT|Kemendes PDTT|Kemendes|Kemendesa",
     "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi until Oct 2024 (Transmigrasi then split off); same id for both.",
     ["Kementerian Desa dan Pembangunan Daerah Tertinggal",
      "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi",
      "Kementerian Desa, Pembangunan Daerah Tertinggal dan Transmigrasi",
      "Kementerian Desa PDTT", "Kementerian Desa PDT", "Kementerian Desa", "Kemendes PDTT", "Kemendesa PDTT",
      "Kemendes PDT", "Kemendes", "Kemendesa"])
inst("kkp", "Kementerian Kelautan dan Perikanan", "kementerian", "KKP",
     "Bare 'KKP' NOT matched: in service news it is also Kantor Kesehatan Pelabuhan (Kemenkes).",
     ["Kementerian Kelautan dan Perikanan", "Kementerian KP", "Kementerian KKP"],
     tokens=[[{"ORTH": "KKP"}, {"ORTH": "RI"}]], ri=True)
inst("klhk", "Kementerian Lingkungan Hidup dan Kehutanan", "kementerian", "KLHK|Kementerian LHK",
     "2014-2024; split Oct 2024 into klh and kemenhut.",
     ["Kementerian Lingkungan Hidup dan Kehutanan", "Kementerian LHK", "KemenLHK", "Kemen LHK"], orth=["KLHK"])
inst("klh", "Kementerian Lingkungan Hidup", "kementerian", "KLH|Kementerian LH",
     "Name used before 2014 and again since Oct 2024 (with Badan Pengendalian Lingkungan Hidup).",
     ["Kementerian Lingkungan Hidup", "Kementerian LH", "KemenLH"], orth=["KLH"])
inst("kemenhut", "Kementerian Kehutanan", "kementerian", "Kemenhut|Kemhut",
     "Name used before 2014 and again since Oct 2024.", ["Kementerian Kehutanan", "Kemenhut", "Kemhut", "Dephut"])
inst("kemenpora", "Kementerian Pemuda dan Olahraga", "kementerian", "Kemenpora", "",
     ["Kementerian Pemuda dan Olahraga", "Kementerian Pemuda dan Olah Raga", "Kemenpora"])
inst("kemenpupr", "Kementerian Pekerjaan Umum dan Perumahan Rakyat", "kementerian", "Kementerian PUPR|KemenPUPR",
     "2014-2024; split Oct 2024 into kemenpu and kemenpkp. Bare 'PUPR' NOT matched (regional Dinas PUPR).",
     ["Kementerian Pekerjaan Umum dan Perumahan Rakyat", "Kementerian PUPR", "KemenPUPR", "Kemen PUPR", "Kemen-PUPR"])
inst("kemenpu", "Kementerian Pekerjaan Umum", "kementerian", "Kementerian PU|KemenPU",
     "Name used before 2014 and again since Oct 2024.",
     ["Kementerian Pekerjaan Umum", "Kementerian PU", "KemenPU", "Kemen PU", "Departemen Pekerjaan Umum"])
inst("kemenpkp", "Kementerian Perumahan dan Kawasan Permukiman", "kementerian", "Kementerian PKP|KemenPKP",
     "Since Oct 2024.", ["Kementerian Perumahan dan Kawasan Permukiman", "Kementerian PKP", "KemenPKP", "Kemen PKP"])
inst("kemenparekraf", "Kementerian Pariwisata dan Ekonomi Kreatif", "kementerian", "Kemenparekraf|Kemenparekraf/Baparekraf",
     "2011-2014 and 2019-2024.", ["Kementerian Pariwisata dan Ekonomi Kreatif", "Kemenparekraf", "Kemenparekraf/Baparekraf",
     "Kemenparekraf / Baparekraf"])
inst("kemenpar", "Kementerian Pariwisata", "kementerian", "Kemenpar", "2014-2019 and again since Oct 2024.",
     ["Kementerian Pariwisata", "Kemenpar"])
inst("kemenkopukm", "Kementerian Koperasi dan Usaha Kecil dan Menengah", "kementerian", "Kemenkop UKM|KemenkopUKM|Kemenkop-UKM",
     "Until Oct 2024; split into kemenkop and kemen-umkm. Bare 'Kemenkop' maps to kemenkop (ambiguous before 2024).",
     ["Kementerian Koperasi dan Usaha Kecil dan Menengah", "Kementerian Koperasi dan UKM", "Kementerian Koperasi UKM",
      "Kemenkop UKM", "KemenkopUKM", "Kemenkop-UKM", "Kemenkop dan UKM", "Kemenkopukm", "Kemenkop & UKM"])
inst("kemenkop", "Kementerian Koperasi", "kementerian", "Kemenkop", "Since Oct 2024; before that 'Kemenkop' was short for Kemenkop UKM.",
     ["Kementerian Koperasi", "Kemenkop"])
inst("kemen-umkm", "Kementerian Usaha Mikro, Kecil, dan Menengah", "kementerian", "Kementerian UMKM|KemenUMKM",
     "Since Oct 2024.", ["Kementerian Usaha Mikro, Kecil, dan Menengah", "Kementerian Usaha Mikro, Kecil dan Menengah",
     "Kementerian UMKM", "KemenUMKM", "Kemen UMKM"])
inst("kemen-pppa", "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", "kementerian", "KemenPPPA|Kemen PPPA|KPPPA",
     "", ["Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", "Kementerian PPPA", "Kementerian PP dan PA",
     "Kementerian PPPA", "KemenPPPA", "Kemen PPPA", "Kemen-PPPA"], orth=["KPPPA"])
inst("kemenhan", "Kementerian Pertahanan", "kementerian", "Kemhan|Kemenhan|Dephan", "",
     ["Kementerian Pertahanan", "Kemhan", "Kemenhan", "Dephan", "Departemen Pertahanan"])
inst("kemen-esdm", "Kementerian Energi dan Sumber Daya Mineral", "kementerian", "Kementerian ESDM|KESDM", "",
     ["Kementerian Energi dan Sumber Daya Mineral", "Kementerian ESDM", "Kemen ESDM", "KemenESDM"], orth=["KESDM"])
inst("kemen-bumn", "Kementerian Badan Usaha Milik Negara", "kementerian", "Kementerian BUMN", "",
     ["Kementerian Badan Usaha Milik Negara", "Kementerian BUMN", "Kemen BUMN", "KemenBUMN"])
inst("setneg", "Kementerian Sekretariat Negara", "kementerian", "Kemensetneg|Kemsetneg|Setneg", "",
     ["Kementerian Sekretariat Negara", "Kemensetneg", "Kemsetneg", "Setneg", "Sekretariat Negara"])
inst("bappenas", "Kementerian Perencanaan Pembangunan Nasional/Badan Perencanaan Pembangunan Nasional", "kementerian",
     "Bappenas|Kementerian PPN/Bappenas", "Regional Bappeda is unit:bappeda.",
     ["Kementerian Perencanaan Pembangunan Nasional/Badan Perencanaan Pembangunan Nasional",
      "Kementerian Perencanaan Pembangunan Nasional", "Badan Perencanaan Pembangunan Nasional",
      "Kementerian PPN/Bappenas", "Kementerian PPN / Bappenas", "Kementerian PPN", "Bappenas"])
# ---- Ombudsman
inst("ombudsman-ri", "Ombudsman Republik Indonesia", "ombudsman", "Ombudsman RI|ORI",
     "Bare 'Ombudsman' (and typos Ombusman/Ombustmen/Ombudsmen) included; regional offices ('Ombudsman RI Perwakilan Bali') are left to code. 'ORI' ORTH only.",
     ["Ombudsman Republik Indonesia", "Ombudsman RI", "Ombudsman", "Ombusman", "Ombustmen", "Ombudsmen", 
      "Ombusman RI", "Ombustmen RI", "Ombudsmen RI"], orth=["ORI"], ri=False)
# ---- Lembaga
inst("bpom", "Badan Pengawas Obat dan Makanan", "lembaga", "BPOM|Badan POM|BBPOM|Balai POM|Loka POM",
     "Includes Balai Besar/Balai/Loka POM (regional offices).",
     ["Badan Pengawas Obat dan Makanan", "Badan POM", "Balai Besar POM", "Balai Besar Pengawas Obat dan Makanan",
      "Balai POM", "Balai Pengawas Obat dan Makanan", "Loka POM"], orth=["BPOM", "BBPOM"])
inst("bps", "Badan Pusat Statistik", "lembaga", "BPS", "", ["Badan Pusat Statistik"], orth=["BPS"])
inst("bkn", "Badan Kepegawaian Negara", "lembaga", "BKN", "Regional BKD/BKPSDM is unit:bkpsdm.",
     ["Badan Kepegawaian Negara"], orth=["BKN"])
inst("lan", "Lembaga Administrasi Negara", "lembaga", "LAN", "'LAN' ORTH only.",
     ["Lembaga Administrasi Negara"], orth=["LAN"])
inst("bpk", "Badan Pemeriksa Keuangan", "lembaga", "BPK", "'BPK' ORTH only ('Bpk.' = Bapak).",
     ["Badan Pemeriksa Keuangan"], orth=["BPK"])
inst("bpkp", "Badan Pengawasan Keuangan dan Pembangunan", "lembaga", "BPKP", "",
     ["Badan Pengawasan Keuangan dan Pembangunan"], orth=["BPKP"])
inst("lkpp", "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah", "lembaga", "LKPP", "",
     ["Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah", "Lembaga Kebijakan Pengadaan Barang / Jasa Pemerintah",
      "Lembaga Kebijakan Pengadaan Barang Jasa Pemerintah", "Lembaga Kebijakan Pengadaan Barang dan Jasa Pemerintah"],
     orth=["LKPP"])
inst("basarnas", "Badan Nasional Pencarian dan Pertolongan", "lembaga", "Basarnas|Badan SAR Nasional", "",
     ["Badan Nasional Pencarian dan Pertolongan", "Badan SAR Nasional", "Basarnas"])
inst("bnpb", "Badan Nasional Penanggulangan Bencana", "lembaga", "BNPB", "Regional BPBD is unit:bpbd.",
     ["Badan Nasional Penanggulangan Bencana"], orth=["BNPB"])
inst("bmkg", "Badan Meteorologi, Klimatologi, dan Geofisika", "lembaga", "BMKG", "",
     ["Badan Meteorologi, Klimatologi, dan Geofisika", "Badan Meteorologi, Klimatologi dan Geofisika",
      "Badan Meteorologi Klimatologi dan Geofisika"], orth=["BMKG"])
inst("bnn", "Badan Narkotika Nasional", "lembaga", "BNN|BNNP|BNNK", "Includes provincial (BNNP) and kab/kota (BNNK) offices.",
     ["Badan Narkotika Nasional", "Badan Narkotika Nasional Provinsi", "Badan Narkotika Nasional Kabupaten",
      "Badan Narkotika Nasional Kota"], orth=["BNN", "BNNP", "BNNK"])
inst("brin", "Badan Riset dan Inovasi Nasional", "lembaga", "BRIN", "", ["Badan Riset dan Inovasi Nasional"], orth=["BRIN"])
inst("bkpm", "Kementerian Investasi dan Hilirisasi/Badan Koordinasi Penanaman Modal", "kementerian",
     "BKPM|Kementerian Investasi/BKPM",
     "BKPM was a lembaga until 2021, then Kementerian Investasi/BKPM, since Oct 2024 Kementerian Investasi dan Hilirisasi/BKPM. Regional DPMPTSP is unit:dpmptsp.",
     ["Badan Koordinasi Penanaman Modal", "Kementerian Investasi dan Hilirisasi/Badan Koordinasi Penanaman Modal",
      "Kementerian Investasi dan Hilirisasi", "Kementerian Investasi/BKPM", "Kementerian Investasi / BKPM",
      "Kementerian Investasi", "Kementerian Investasi dan Hilirisasi/BKPM"], orth=["BKPM"])
inst("ksp", "Kantor Staf Presiden", "lembaga", "KSP", "Bare 'KSP' NOT matched (Koperasi Simpan Pinjam in regional news).",
     ["Kantor Staf Presiden", "Kantor Staf Kepresidenan"])
inst("bpjs-kesehatan", "Badan Penyelenggara Jaminan Sosial Kesehatan", "lembaga", "BPJS Kesehatan",
     "Public legal entity (not BUMN). Bare 'BPJS' NOT matched (Kesehatan vs Ketenagakerjaan).",
     ["Badan Penyelenggara Jaminan Sosial Kesehatan", "Badan Penyelenggara Jaminan Sosial (BPJS) Kesehatan", "BPJS Kesehatan"], ri=False)
inst("bpjs-ketenagakerjaan", "Badan Penyelenggara Jaminan Sosial Ketenagakerjaan", "lembaga",
     "BPJS Ketenagakerjaan|BP Jamsostek|BPJS TK|Jamsostek",
     "Public legal entity; PT Jamsostek (until 2014) and brand BP Jamsostek mapped here.",
     ["Badan Penyelenggara Jaminan Sosial Ketenagakerjaan", "Badan Penyelenggara Jaminan Sosial (BPJS) Ketenagakerjaan",
      "BPJS Ketenagakerjaan", "BP Jamsostek", "BPJamsostek", "BPJS TK", "BPJS-TK", "BPJSTK", "PT Jamsostek", "Jamsostek"], ri=False)
# ---- penegak hukum
inst("polri", "Kepolisian Negara Republik Indonesia", "penegak_hukum", "Polri|Polda|Polres|Polresta|Polrestabes|Polsek",
     "One id for all levels (Mabes, Polda, Polres/Polresta/Polrestabes, Polsek, Satlantas); the region after Polda/Polres is a separate REGION.",
     ["Kepolisian Negara Republik Indonesia", "Kepolisian Republik Indonesia", "Kepolisian RI", "Kepolisian",
      "Polri", "Mabes Polri", "Markas Besar Polri", "Korlantas Polri", "Korlantas", "Polda", "Kepolisian Daerah", "Polres",
      "Kepolisian Resor", "Polresta", "Polrestabes", "Polsek", "Polsekta", "Kepolisian Sektor", "Satlantas",
      "Satuan Lalu Lintas"], ri=False)
inst("kejaksaan", "Kejaksaan Republik Indonesia", "penegak_hukum", "Kejagung|Kejati|Kejari",
     "One id for Kejaksaan Agung, Kejaksaan Tinggi (Kejati), Kejaksaan Negeri (Kejari).",
     ["Kejaksaan Republik Indonesia", "Kejaksaan RI", "Kejaksaan Agung", "Kejagung", "Kejaksaan Tinggi", "Kejati",
      "Kejaksaan Negeri", "Kejari", "Kejaksaan"], ri=False)
inst("kpk", "Komisi Pemberantasan Korupsi", "penegak_hukum", "KPK", "", ["Komisi Pemberantasan Korupsi"], orth=["KPK"])
# ---- BUMN / other
inst("pln", "PT Perusahaan Listrik Negara (Persero)", "bumn", "PLN|PT PLN", "",
     ["PT Perusahaan Listrik Negara (Persero)", "PT Perusahaan Listrik Negara", "Perusahaan Listrik Negara",
      "PT PLN (Persero)", "PT PLN", "PT. PLN"], orth=["PLN"], ri=False)
inst("samsat", "Sistem Administrasi Manunggal Satu Atap", "other", "Samsat",
     "Joint office (Polri, Bapenda/provincial revenue agency, Jasa Raharja); regional.",
     ["Sistem Administrasi Manunggal Satu Atap", "Kantor Bersama Samsat", "Samsat"], ri=False)
inst("pdam", "Perusahaan Daerah Air Minum", "other", "PDAM|Perumda Air Minum",
     "Regional water utility (BUMD, one per kab/kota): the region is linked by code. Brand names ('Perumda Tirta ...') NOT matched.",
     ["Perusahaan Daerah Air Minum", "Perusahaan Umum Daerah Air Minum", "Perumda Air Minum"], orth=["PDAM"], ri=False)

# =========================== UNITS
U = []
def unit(slug, strings=(), orth=(), tokens=()):
    U.append(dict(id=f"unit:{slug}", strings=list(strings), orth=list(orth), tokens=list(tokens)))

STOP = ["kabupaten", "kab", "kab.", "kota", "kec", "kec.", "kecamatan", "kel", "kel.", "kelurahan", "desa", "provinsi",
        "prov", "prov.", "pemkab", "pemkot", "pemprov", "pemerintah", "pemda", "dan", "di", "ke", "dari", "yang", "se",
        "bupati", "wakil", "wali", "walikota", "gubernur", "camat", "lurah", "kepala", "kades", "perbekel", "sekda",
        "dinas", "badan", "kantor", "rsud", "puskesmas", "setda", "ombudsman", "pada", "dalam", "untuk", "tahun",
        "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad", "ini", "itu", "tersebut",
        "se-kabupaten", "se-kota", "bersama", "melalui", "tidak", "juga"]
NAME = {"IS_TITLE": True, "LOWER": {"NOT_IN": STOP}}
ROMAN = {"ORTH": {"IN": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]}, "OP": "?"}
def named(head):
    """head tokens + one or two Title-case name tokens + optional roman numeral"""
    return [head + [NAME, dict(NAME, OP="?"), ROMAN]]

unit("disdukcapil", ["Dinas Kependudukan dan Pencatatan Sipil", "Dinas Kependudukan dan Catatan Sipil",
     "Dinas Kependudukan, Pencatatan Sipil", "Dinas Dukcapil", "Disdukcapil", "Dispendukcapil", "Disduk Capil",
     "Dispenduk Capil", "Disdukcapilnya", "Dinas Capil", "Disdukcpl"])
unit("dpmptsp", ["Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Badan Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
     "Dinas Penanaman Modal Pelayanan Terpadu Satu Pintu", "Pelayanan Terpadu Satu Pintu", "DPMPTSP", "DPM-PTSP", "DPM PTSP",
     "DPMPPTSP", "DPM&PTSP", "BPMPTSP", "BPM-PTSP", "Dinas PMPTSP", "Dinas PM-PTSP", "Dinas PM PTSP", "Dinas Penanaman Modal",
     "Dinas Perizinan", "Badan Pelayanan Perizinan Terpadu", "Kantor Pelayanan Perizinan Terpadu"],
     orth=["PTSP", "BPPT", "KPPT"])
unit("mpp", ["Mal Pelayanan Publik", "Mall Pelayanan Publik"], orth=["MPP"])
unit("rsud", ["Rumah Sakit Umum Daerah", "RSUD"])
unit("puskesmas", ["Puskesmas", "Pusat Kesehatan Masyarakat"], tokens=named([{"LOWER": "puskesmas", "IS_LOWER": False}]))
unit("bagian-organisasi", ["Bagian Organisasi", "Bagian Organisasi dan Tatalaksana", "Bagian Organisasi dan Tata Laksana",
     "Bagian Organisasi Tatalaksana", "Bagian Ortal", "Bag. Organisasi", "Bagian Operasi dan Tatalaksana",
     "Biro Organisasi", "Biro Organisasi dan Tatalaksana", "Biro Organisasi dan Tata Laksana", "Biro Ortala"],
     orth=["Ortal", "ORTAL", "Ortala"])
unit("setda", ["Sekretariat Daerah", "Setda", "Setdakab", "Setdakot", "Setdaprov", "Setprov", "Kantor Setda",
     "Kantor Sekda", "Kantor Sekretariat Daerah"])
unit("inspektorat", ["Inspektorat", "Inspektorat Daerah"])
unit("itjen", ["Inspektorat Jenderal", "Itjen"])
unit("bapenda", ["Badan Pendapatan Daerah", "Bapenda", "Bappenda", "Dispenda", "Dinas Pendapatan Daerah",
     "Badan Pengelola Pajak dan Retribusi Daerah"], orth=["BPPRD"])
unit("bappeda", ["Badan Perencanaan Pembangunan Daerah", "Bappeda", "Bapeda", "Bappelitbangda", "Bapelitbangda",
     "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"])
unit("bkpsdm", ["Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah",
     "Badan Kepegawaian Daerah", "Badan Kepegawaian dan Pengembangan SDM", "BKPSDM", "BKPSDMD", "BKPPD"], orth=["BKD"])
unit("dinkes", ["Dinas Kesehatan", "Dinkes", "Diskes"])
unit("disdik", ["Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan", "Dinas Pendidikan, Pemuda dan Olahraga",
     "Dinas Pendidikan Pemuda dan Olahraga", "Dinas Dikbud", "Disdik", "Disdikbud", "Dikbud", "Disdikpora", "Dispendik"])
unit("dinsos", ["Dinas Sosial", "Dinsos"])
unit("dishub", ["Dinas Perhubungan", "Dishub"])
unit("dinas-pupr", ["Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Pekerjaan Umum", "Dinas PUPR", "Dinas PU",
     "Dinas PU-PR", "Dinas PU PR"], orth=["DPUPR"])
unit("dlh", ["Dinas Lingkungan Hidup", "Dinas Lingkungan Hidup dan Kebersihan", "Dinas LH", "Badan Lingkungan Hidup"],
     orth=["DLH", "DLHK", "BLH"])
unit("diskominfo", ["Dinas Komunikasi dan Informatika", "Dinas Komunikasi, Informatika dan Statistik", "Dinas Kominfo",
     "Diskominfo", "Diskominfotik", "Diskominfos", "Dinas Kominfo dan Statistik"])
unit("satpol-pp", ["Satuan Polisi Pamong Praja", "Satpol PP", "Satpol-PP", "Satpol Pamong Praja"])
unit("bpbd", ["Badan Penanggulangan Bencana Daerah"], orth=["BPBD"])
unit("kecamatan", ["Kantor Kecamatan", "Kantor Camat"],
     tokens=named([{"LOWER": "kecamatan", "IS_LOWER": False}]) + named([{"ORTH": {"IN": ["Kec", "Kec.", "KEC"]}}, {"ORTH": ".", "OP": "?"}])
     + named([{"LOWER": "kantor", "IS_LOWER": False}, {"LOWER": {"IN": ["kecamatan", "camat"]}}]))
unit("kelurahan", ["Kantor Kelurahan", "Kantor Lurah"],
     tokens=named([{"LOWER": "kelurahan", "IS_LOWER": False}]) + named([{"ORTH": {"IN": ["Kel", "Kel.", "KEL"]}}, {"ORTH": ".", "OP": "?"}])
     + named([{"LOWER": "kantor", "IS_LOWER": False}, {"LOWER": {"IN": ["kelurahan", "lurah"]}}]))
unit("desa", ["Kantor Desa", "Pemerintah Desa", "Pemdes", "Kantor Perbekel"],
     tokens=named([{"LOWER": "kantor", "IS_LOWER": False}, {"LOWER": "desa"}]) + named([{"LOWER": "pemerintah", "IS_LOWER": False}, {"LOWER": "desa"}])
     + named([{"LOWER": "pemdes"}]))
unit("opd", ["Organisasi Perangkat Daerah", "Satuan Kerja Perangkat Daerah", "Perangkat Daerah", "OPD", "SKPD"])

# =========================== write
import spacy
_NLP = spacy.blank("id")
def toks(s):
    return tuple(t.lower_ for t in _NLP.make_doc(s))
def case_variants(strings):
    """spaCy id has ~3,900 hyphenated special cases (e.g. 'kemenpan-rb' stays ONE token when written
    'KEMENPAN-RB' or 'Kemenpan-Rb' but splits as 'Kemenpan-RB'): emit one string per distinct
    tokenisation of the casing variants so every casing is matched."""
    out = []
    for s in strings:
        for v in (s, s.lower(), s.upper(), " ".join(w[:1].upper() + w[1:].lower() for w in s.split(" "))):
            out.append(v)
    seen, res = set(), []
    for v in out:
        k = toks(v)
        if k not in seen:
            seen.add(k); res.append(v)
    return res

# Descriptive names whose words are ordinary words: written all-lowercase they are common
# nouns ("di depan kantor camat", "ke puskesmas terdekat", "seluruh perangkat daerah",
# "perjalanan dinas"), so the first word must not be lowercase. These become token patterns;
# everything else stays a (fast) phrase pattern.
UNIT_CAP_HEADS = {"dinas", "badan", "kantor", "pemerintah", "mal", "mall", "rumah", "pusat", "pelayanan",
                  "sekretariat", "perangkat", "organisasi", "satuan", "bagian", "biro", "inspektorat",
                  "puskesmas", "kecamatan", "kelurahan"}
INST_CAP_HEADS = {"kantor", "kepolisian", "kejaksaan", "satuan"}
def capped(s):
    t = toks(s)
    return [{"LOWER": t[0], "IS_LOWER": False}] + [{"LOWER": w} for w in t[1:]]

def dedup(seq):
    seen, out = set(), []
    for x in seq:
        k = json.dumps(x, sort_keys=True)
        if k not in seen:
            seen.add(k); out.append(x)
    return out

def inst_patterns(r):
    pats = []
    strings = []
    for s in r["strings"]:
        strings.append(s)
        if s.startswith("Kementerian "):
            strings.append("Kementrian " + s[len("Kementerian "):])   # common typo
    for s in case_variants(strings):
        if s.split()[0].lower() in INST_CAP_HEADS:
            pats.append(capped(s))
            continue
        pats.append(s)
        if r["ri"]:
            pats.append(s + " RI")
            if s.startswith(("Kementerian", "Kementrian", "Badan", "Lembaga", "Komisi")):
                pats.append(s + " Republik Indonesia")
    for a in r["orth"]:
        pats.append([{"ORTH": a}])
        if r["ri"]:
            pats.append([{"ORTH": a}, {"ORTH": {"IN": ["RI", "-RI"]}}])
            pats.append([{"ORTH": a}, {"ORTH": "-"}, {"ORTH": "RI"}])
    pats.extend(r["tokens"])
    if r["ri"]:
        pats.extend(t + [{"ORTH": "RI"}] for t in r["tokens"] if t[-1] != {"ORTH": "RI"})
    return [{"label": "INSTITUTION", "pattern": p, "id": r["id"]} for p in dedup(pats)]

def unit_patterns(u):
    pats = [capped(s) if s.split()[0].lower() in UNIT_CAP_HEADS else s for s in case_variants(u["strings"])]
    pats = pats + [[{"ORTH": a}] for a in u["orth"]] + u["tokens"]
    return [{"label": "INSTITUTION", "pattern": p, "id": u["id"]} for p in dedup(pats)]

def render() -> dict[Path, str]:
    ids = [r["id"] for r in I]
    assert len(ids) == len(set(ids)), "duplicate ids"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "kind", "abbreviations", "note"])
    for r in I:
        w.writerow([r["id"], r["name"], r["kind"], r["abbrs"], r["note"]])
    inst = "".join(json.dumps(p, ensure_ascii=False) + "\n" for r in I for p in inst_patterns(r))
    units = "".join(json.dumps(p, ensure_ascii=False) + "\n" for u in U for p in unit_patterns(u))
    return {ROOT / "gazetteer/institutions.csv": buf.getvalue(),
            ROOT / "patterns/institutions.jsonl": inst,
            ROOT / "patterns/units.jsonl": units}


def main() -> None:
    for path, text in render().items():
        path.write_text(text, encoding="utf-8")
    print(len(I), "institutions", len(U), "units")


if __name__ == "__main__":
    main()
