from nlp import noise


def test_baca_juga_and_comment_form_lines_are_removed():
    text = "\n".join([
        "Paragraf pertama tentang pelayanan publik di Kabupaten Badung.",
        "Baca Juga: 9 Daerah di NTT Masuk Zona Merah",
        "BACA JUGA : Bupati Resmikan Mal Pelayanan Publik",
        "Paragraf kedua yang tetap ada. RED-MB",
        "LEAVE A REPLY",
        "Please enter your comment!",
        "Tinggalkan Balasan",
        "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *",
        "***",
    ])
    out, removed = noise.clean_lines(text)
    assert out == ("Paragraf pertama tentang pelayanan publik di Kabupaten Badung.\n"
                   "Paragraf kedua yang tetap ada.")
    assert {r for r, _ in removed} >= {"baca_juga", "comment_form", "editor_code"}


def test_prose_that_mentions_noise_words_is_kept():
    prose = "Warga diminta membaca juga maklumat pelayanan yang dipasang di loket, kata Kepala Dinas."
    out, removed = noise.clean_lines(prose)
    assert out == prose and removed == []


def test_headline_repeated_as_first_line_is_dropped():
    text = "Denpasar Pertahankan Zona Hijau\nDenpasar (Warta Dewata) - Paragraf pertama."
    assert noise.drop_leading_title(text, "Denpasar Pertahankan Zona Hijau") == "Denpasar (Warta Dewata) - Paragraf pertama."
    assert noise.drop_leading_title(text, "Judul lain") == text


def test_inline_headline_and_caption_lines_are_removed():
    text = "\n".join([
        "Bupati Tabanan mengapresiasi penilaian Ombudsman Bali terhadap pelayanan publik di daerahnya.",
        "Tak Hanya Fokus Pada Penanganan Covid-19, OPD Diminta Beri Perhatian pada Program Prioritas",
        "Foto: Sekda Badung menerima sertifikat kepatuhan tinggi.",
        "Pihaknya akan terus melakukan pembenahan sesuai arahan Ombudsman.",
    ])
    out, removed = noise.clean_lines(text)
    assert out.splitlines() == [
        "Bupati Tabanan mengapresiasi penilaian Ombudsman Bali terhadap pelayanan publik di daerahnya.",
        "Pihaknya akan terus melakukan pembenahan sesuai arahan Ombudsman.",
    ]
    assert {r for r, _ in removed} == {"inline_headline", "photo_caption"}
