"""HTML pages: old table layouts, div soup, unclosed tags, modern markup."""
from hardlib import esc, write_page

NB = "\u00a0"


def karaganda_tables():
    title = "Karaganda ambulance service to get a single dispatch center"
    body = [
        "The ambulance stations of Karaganda, Temirtau, Saran and Shakhtinsk will be merged into a single dispatch center by the end of the year, the regional health department said on Tuesday.",
        "All emergency calls in the four cities will be received by one team of dispatchers, who will see the location of every crew on an electronic map and send the nearest free vehicle regardless of which city it belongs to.",
        "The project will cost 214 million tenge, including the purchase of GPS trackers for 146 ambulances and a new call-processing system. Head of the regional ambulance station Marat Dzhaksybekov said similar centers in other regions had cut arrival times by a quarter.",
        "Last year the ambulance services of the region received 612,000 calls. The average arrival time in Karaganda was 17 minutes.",
    ]
    body_html = "<br><br>\n".join(esc(p) for p in body)
    raw = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Karaganda Region News :: {esc(title)}</title>
<link rel="stylesheet" href="/css/main.css">
<script language="javascript" src="/js/menu.js"></script>
</head>
<body bgcolor="#ffffff" leftmargin="0" topmargin="0">
<table width="980" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="2"><img src="/img/logo.gif" alt="Karaganda Region News" width="300" height="80"></td></tr>
<tr><td colspan="2" class="menu">
<table width="100%" cellpadding="4"><tr>
<td><a href="/">Main</a></td><td><a href="/news">News</a></td><td><a href="/region">Region</a></td><td><a href="/health">Health</a></td><td><a href="/kz">Қаз</a> | <a href="/ru">Рус</a> | <a href="/en">Eng</a></td>
</tr></table>
</td></tr>
<tr>
<td width="220" valign="top" class="left">
<table width="100%" cellpadding="3">
<tr><td class="blockhead">Latest news</td></tr>
<tr><td><a href="/news/4410">Temirtau polyclinic No. 1 gets new X-ray unit</a><br><font size="1" color="#999999">4 march 2019</font></td></tr>
<tr><td><a href="/news/4406">Flu epidemic threshold not exceeded in the region</a><br><font size="1" color="#999999">1 march 2019</font></td></tr>
<tr><td><a href="/news/4399">Balkhash hospital to be renovated this summer</a><br><font size="1" color="#999999">27 february 2019</font></td></tr>
</table>
</td>
<td width="760" valign="top">
<table width="100%" cellpadding="8">
<tr><td class="newsdate"><font color="#777777">5 march 2019, 15:32</font></td></tr>
<tr><td><h1 class="newstitle">{esc(title)}</h1></td></tr>
<tr><td class="newstext">
<font face="Arial" size="2">
{body_html}
</font>
</td></tr>
<tr><td><a href="javascript:window.print()">Print</a> | <a href="/send">Send to a friend</a></td></tr>
</table>
</td>
</tr>
<tr><td colspan="2" class="footer"><center>&copy; 2005-2019 Karaganda Region News. Karaganda, Erubayev St. 33. Tel. 8 (7212) 42-10-10<br>karaganda-news.kz</center></td></tr>
</table>
<script>var _counter = new Image(); _counter.src = "/count.gif?r=" + Math.random();</script>
</body>
</html>
"""
    return write_page("karaganda-dispatch-nested-tables", "html", raw, title, "2019-03-05T15:32",
                      "karaganda-news.kz", "http://karaganda-news.kz/news/4415", body)


def kostanay_jsonld():
    title = "Kostanay perinatal center saves twins born at 25 weeks"
    body = [
        "Doctors at the Kostanay regional perinatal center have discharged twins who were born at 25 weeks of pregnancy weighing 690 and 740 grams, the center said on Tuesday.",
        "The boys spent 94 days in the neonatal intensive care unit, 41 of them on mechanical ventilation. They were discharged home to the village of Karabalyk weighing more than 2 kilograms each.",
        "“Ten years ago we could not have saved children like these in the region. They would have had to be flown to Astana, and many would not have survived the flight,” said the head of the neonatal unit, Saule Kurmanova.",
        "The unit was re-equipped last year for 380 million tenge under the program to improve maternal and child health. It now has 12 intensive care beds with incubators and ventilators for extremely premature babies.",
        "In 2022, the survival rate of babies born in the region weighing less than 1,000 grams rose to 71 percent from 54 percent three years earlier, according to the regional health department.",
    ]
    body_html = "\n".join(f"<p>{esc(p, curly_entities=True)}</p>" for p in body)
    raw = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – Kostanay Daily</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="Kostanay Daily">
<meta property="og:url" content="https://kostanay-daily.kz/en/health/twins-25-weeks">
<meta property="article:published_time" content="2023-10-03T11:20:00+06:00">
<script type="application/ld+json">
{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}","datePublished":"2023-10-03T11:20:00+06:00","dateModified":"2023-10-04T08:02:00+06:00","publisher":{{"@type":"Organization","name":"Kostanay Daily"}}}}
</script>
<style>.cookie{{position:fixed;bottom:0}}.comments{{margin-top:2em}}</style>
</head>
<body>
<div class="cookie" id="cookie-banner">
<p>We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies.</p>
<button onclick="acceptCookies()">Accept</button> <a href="/privacy">Privacy policy</a>
</div>
<header class="site-header">
<a class="logo" href="/">Kostanay Daily</a>
<nav><ul><li><a href="/en/news">News</a></li><li><a href="/en/health">Health</a></li><li><a href="/en/economy">Economy</a></li><li><a href="/en/sport">Sport</a></li></ul></nav>
</header>
<main>
<article class="post">
<div class="post-meta"><a href="/en/health" class="rubric">Health</a> <time datetime="2023-10-03T11:20:00+06:00">3 October 2023, 11:20</time> <span class="views">1 204</span></div>
<h1 class="post-title">{esc(title)}</h1>
<figure><img src="/uploads/2023/10/twins.jpg" alt=""><figcaption>Photo: press service of the regional health department</figcaption></figure>
<div class="post-body">
{body_html}
</div>
<div class="share">Share: <a href="#">Facebook</a> <a href="#">Telegram</a> <a href="#">WhatsApp</a></div>
</article>
<section class="comments">
<h3>Comments (2)</h3>
<div class="comment"><b>Aliya</b> <span class="date">3 October 2023, 13:02</span><p>Thank you to the doctors! We went through the same with our daughter in 2019.</p></div>
<div class="comment"><b>Guest</b> <span class="date">3 October 2023, 15:47</span><p>Good news, but the district hospitals still have no pediatrician.</p></div>
<form class="comment-form"><textarea placeholder="Your comment"></textarea><button>Send</button></form>
</section>
<aside class="related">
<h3>Related news</h3>
<ul>
<li><a href="/en/health/perinatal-screening">Prenatal screening now available in all district hospitals</a> <span>2 October 2023</span></li>
<li><a href="/en/health/flu-2023">Flu vaccination begins in Kostanay region</a> <span>29 September 2023</span></li>
<li><a href="/en/health/rudny-hospital">Rudny hospital gets a new surgical wing</a> <span>26 September 2023</span></li>
</ul>
</aside>
</main>
<footer><p>&copy; 2023 Kostanay Daily (kostanay-daily.kz). 110000, Kostanay, Al-Farabi Ave. 65. +7 (7142) 50-60-70</p></footer>
<script>function acceptCookies(){{document.getElementById('cookie-banner').remove();}}</script>
</body>
</html>
"""
    return write_page("kostanay-premature-twins-jsonld", "html", raw, title, "2023-10-03T11:20",
                      "kostanay-daily.kz", "https://kostanay-daily.kz/en/health/twins-25-weeks", body)


def shymkent_div_soup():
    title = "Shymkent nurses to receive housing allowance"
    body = [
        "Nurses and paramedics who move to Shymkent to work in city hospitals will receive a monthly housing allowance of 60,000 tenge for the first three years, the city administration announced on Friday.",
        "The allowance is meant to ease a shortage of 1,150 nurses in the city, whose population has grown by almost 300,000 people in five years while the number of nurses has barely changed. Shymkent has 5.1 nurses per 1,000 residents, compared with a national average of 7.4.",
        "Deputy mayor Ainur Baidildayeva said the city would spend 1.3 billion tenge on the allowance over three years. “A young nurse earns about 230,000 tenge and rents an apartment for 120,000. We cannot expect people to come under such conditions,” she said.",
        "The city will also build a dormitory for 400 medical workers next to the new multidisciplinary hospital in the Turan district, which is due to open in 2023.",
    ]
    # Paragraphs in bare divs, with an ad script between them.
    parts = []
    for i, p in enumerate(body):
        parts.append(f'<div class="txt">{esc(p)}</div>')
        if i == 1:
            parts.append('<div class="adv"><script>(function(){var s=document.createElement("script");s.src="https://ads.example.net/b.js";document.body.appendChild(s);})();</script><div class="adv-label">Advertisement</div></div>')
    body_html = "\n".join(parts)
    raw = f"""<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="South Kazakhstan Online">
<meta property="og:url" content="https://south-online.kz/news/shymkent-nurses-housing-allowance">
<style>
.wrap{{width:1100px}} .col-l{{float:left;width:760px}} .col-r{{float:right;width:300px}}
</style>
</head>
<body>
<div class="wrap">
<div class="top-line"><div class="today">Monday, 30 august 2021</div><div class="lang"><a href="/kz">Қаз</a> <a href="/ru">Рус</a> <a href="/en" class="active">Eng</a></div></div>
<div class="logo"><a href="/">South Kazakhstan Online</a></div>
<div class="menu"><a href="/">Main</a> <a href="/news">News</a> <a href="/society">Society</a> <a href="/health">Health</a> <a href="/video">Video</a></div>
<div class="col-l">
<div class="breadcrumbs"><a href="/">Main</a> / <a href="/health">Health</a></div>
<div class="news-head">{esc(title)}</div>
<div class="news-date">27 august 2021 - 14:50</div>
<div class="news-text">
{body_html}
</div>
<div class="news-tags">Tags: <a href="/tag/nurses">nurses</a>, <a href="/tag/shymkent">Shymkent</a></div>
</div>
<div class="col-r">
<div class="block-title">Popular</div>
<div class="pop-item"><a href="/news/covid-shymkent-aug">Shymkent returns to the red zone for COVID-19</a><div class="pop-date">26 august 2021 - 09:15</div></div>
<div class="pop-item"><a href="/news/vaccination-center-mall">Vaccination center opens in Shymkent shopping mall</a><div class="pop-date">24 august 2021 - 16:40</div></div>
<div class="pop-item"><a href="/news/ambulance-calls">Ambulance calls in Shymkent up 40 percent</a><div class="pop-date">20 august 2021 - 11:05</div></div>
</div>
<div class="bottom">South Kazakhstan Online &copy; 2021. Shymkent, Tauke Khan Ave. 17. Phone: +7 (7252) 53-44-10. south-online.kz</div>
</div>
<script src="/js/app.min.js"></script>
</body>
</html>
"""
    return write_page("shymkent-nurses-div-soup", "html", raw, title, "2021-08-27T14:50",
                      "south-online.kz", "https://south-online.kz/news/shymkent-nurses-housing-allowance", body)


def pavlodar_unclosed():
    title = "Pavlodar oncology center launches PET-CT scanner"
    body = [
        "The Pavlodar regional oncology center has started examining patients on a PET-CT scanner, the first in the northern regions of Kazakhstan, the center’s chief physician Timur Aubakirov said on 18" + NB + "June.",
        "Until now, patients from Pavlodar, Petropavl and Kostanay regions had to travel to Astana or Almaty for the examination and wait up to two months for their turn. The new scanner can exаmine up to 20 patients a day.",
        "The equipment, together with a radiopharmaceutical laboratory, cost 2.9 billion tenge and was purchased under the comprehensive plan to fight cancer. Examinations are free for patients with a referral from an oncologist & are paid for by the Social Health Insurance Fund.",
        "“PET-CT shows us whether the tumor has spread before we decide on surgery. For some patients this means avoiding an operation that would not help them,” Aubakirov said.",
        "In 2021, 2,740 new cases of cancer were registered in the region. Early detection rose to 27.6% from 22% in 2018, the center said.",
    ]
    # Paragraphs whose <p> is never closed; a list whose items are never closed.
    body_html = "\n".join(f"<p>{esc(p, curly_entities=True)}" for p in body)
    raw = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="content-type" content="text/html; charset=utf-8">
<title>Pavlodar Vestnik | {esc(title)}</title>
<meta property="article:published_time" content="2022-06-20T08:45:00+06:00">
<meta name="description" content="The first PET-CT scanner in the northern regions">
</head>
<body>
<div id="header">
<a href="/"><img src="/logo.png" alt="Pavlodar Vestnik"></a>
<ul id="nav">
<li><a href="/">Main</a>
<li><a href="/news">News</a>
<li><a href="/region">Region</a>
<li><a href="/health">Health</a>
</ul>
</div>
<div id="content">
<h1>{esc(title)}</h1>
<div class="date">20.06.2022 08:45
</div>
{body_html}
<h4>Read also</h4>
<ul class="related">
<li><a href="/n/1890">Pavlodar region to screen 40,000 women for breast cancer</a> (16.06.2022)
<li><a href="/n/1877">New linear accelerator installed at the oncology center</a> (09.06.2022)
<li><a href="/n/1862">Ekibastuz hospital gets its first MRI scanner</a> (01.06.2022)
</ul>
</div>
<div id="footer">
&copy; 2022 &laquo;Pavlodar Vestnik&raquo; &mdash; pavlodar-vestnik.kz<br>
140000, Pavlodar, Toraigyrov St. 64 &bull; tel. +7 (7182) 61-81-81
</div>
"""
    return write_page("pavlodar-pet-ct-unclosed-tags", "html", raw, title, "2022-06-20T08:45",
                      "pavlodar-vestnik.kz", "https://pavlodar-vestnik.kz/n/1895", body)


def aktobe_br_soup():
    title = "Aktobe closes 14 schools for flu quarantine"
    body = [
        "Fourteen schools in Aktobe have been closed for a week after the share of pupils absent with flu and respiratory infections exceeded 20 percent, the city education department said.",
        "The number of respiratory infections in the city rose by 38 percent in the first week of February, the regional sanitary service reported. Influenza A(H1N1) was confirmed in most of the laboratory samples.",
        "Polyclinics have extended their opening hours until 20:00 and opened separate entrances for patients with fever. Parents are asked to call a doctor to their home rather than bring sick children to the polyclinic.",
        "According to the regional health department, 162,000 residents of the region have been vaccinated against flu this season, 12 percent more than last year.",
    ]
    body_html = "<br />\n<br />\n".join(esc(p) for p in body)
    raw = f"""<html><head><title>{esc(title)} - Aktobe Times</title>
<meta name="keywords" content="flu, quarantine, schools, Aktobe">
</head><body>
<div id="top">Aktobe Times &nbsp;|&nbsp; aktobe-times.kz &nbsp;|&nbsp; <a href="/kz">Қаз</a> <a href="/ru">Рус</a> <b>Eng</b></div>
<div id="menu"><a href="/">Main</a> &middot; <a href="/city">City</a> &middot; <a href="/health">Health</a> &middot; <a href="/sport">Sport</a></div>
<div id="main">
<b class="head">{esc(title)}</b><br />
<i>Feb. 9, 2024</i><br />
<br />
{body_html}<br />
<br />
<b>Read also:</b><br />
<a href="/h/2201">Measles vaccination campaign extended in Aktobe region</a> <i>Feb. 6, 2024</i><br />
<a href="/h/2196">Aktobe children's hospital gets new ventilators</a> <i>Feb. 2, 2024</i><br />
<a href="/h/2190">Pharmacies report shortage of antiviral drugs</a> <i>Jan. 30, 2024</i><br />
<br />
<div id="copy">&copy; Aktobe Times, 2024. All rights reserved.</div>
</div>
<script type="text/javascript">
  var _gaq = _gaq || []; _gaq.push(['_trackPageview']);
</script>
</body></html>
"""
    return write_page("aktobe-flu-schools-br-soup", "html", raw, title, "2024-02-09",
                      "aktobe-times.kz", "", body)


def who_visit_minimal():
    title = "WHO Regional Director praises Kazakhstan's primary care reform"
    body = [
        "ASTANA, 12 September 2023 – The World Health Organization’s Regional Director for Europe met Health Minister Saltanat Yermekova in Astana on Tuesday and praised the country’s investment in rural primary care, the ministry said.",
        "The two discussed the national project to build 655 rural clinics, the training of family doctors and the fight against antimicrobial resistance. They also agreed to prepare a new cooperation strategy for 2024–2028.",
        "The Regional Director noted that Kazakhstan had hosted the 1978 Alma-Ata conference that made primary health care the foundation of health systems worldwide, and that the country’s current reforms were “a return to that promise”.",
        "The WHO European Centre for Primary Health Care, which has worked in Almaty since 2016, will support the ministry in evaluating the new clinics, according to the statement.",
    ]
    body_html = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    raw = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
</head>
<body>
{body_html}
</body>
</html>
"""
    return write_page("who-primary-care-minimal-html", "html", raw, title, "2023-09-12",
                      "gov-press.kz", "https://gov-press.kz/en/health/who-regional-director-visit", body)


def karaganda_miners_comments():
    title = "Miners' clinic in Shakhtinsk reopens after two-year renovation"
    body = [
        "A polyclinic serving miners and their families in Shakhtinsk reopened on Friday after a two-year renovation financed by the coal company that operates the town's mines.",
        "The clinic, built in 1974, now has a day hospital for 30 patients, a rehabilitation department and a room for occupational disease screening, where miners are tested for early signs of pneumoconiosis and hearing loss.",
        "The renovation cost 1.7 billion tenge. The clinic serves about 36,000 people, including 7,800 miners, and will be included in the system of the guaranteed volume of free medical care, the regional health department said.",
        "Occupational diseases among coal miners in the region have been declining, but 184 new cases were still registered last year, most of them chronic bronchitis and vibration disease.",
    ]
    body_html = "\n".join(f"    <p>{esc(p)}</p>" for p in body)
    raw = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} | Industrial Karaganda</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="Industrial Karaganda">
<link rel="canonical" href="https://ind-karaganda.kz/en/2020/02/shakhtinsk-clinic">
</head>
<body class="single">
<nav class="top"><a href="/en/">Home</a> <a href="/en/industry/">Industry</a> <a href="/en/health/">Health</a> <a href="/en/people/">People</a> <a href="/en/contacts/">Contacts</a></nav>
<noscript><img src="https://counter.example.net/hit?id=55120" alt=""></noscript>
<div class="container">
  <div class="entry">
    <h1 class="entry-title">{esc(title)}</h1>
    <p class="byline">By <span class="author">Industrial Karaganda correspondent</span> · <time datetime="2020-02-21">21 February 2020</time></p>
{body_html}
    <iframe src="https://video.example.net/embed/88412" width="640" height="360"></iframe>
  </div>
  <div id="comments">
    <h2>4 comments</h2>
    <ol class="comment-list">
      <li><div class="comment-author">Dauren K.</div><div class="comment-date">21 February 2020 at 18:20</div><p>My father worked at the Kazakhstanskaya mine for 30 years. Good that the clinic finally looks decent.</p></li>
      <li><div class="comment-author">Olga</div><div class="comment-date">22 February 2020 at 09:03</div><p>Will there be a dentist? Last year we had to go to Karaganda for every appointment.</p></li>
      <li><div class="comment-author">Miner</div><div class="comment-date">22 February 2020 at 11:47</div><p>The screening for hearing loss is very important, many of us ignore it until it is too late.</p></li>
      <li><div class="comment-author">Admin</div><div class="comment-date">22 February 2020 at 12:30</div><p>Olga, according to the clinic, a dental office will open in March.</p></li>
    </ol>
    <h3>Leave a reply</h3>
    <form><input name="author" placeholder="Name"><textarea name="comment"></textarea><input type="submit" value="Post comment"></form>
  </div>
</div>
<footer class="site-footer">Industrial Karaganda · ind-karaganda.kz · © 2020 · 100000, Karaganda, Bukhar-Zhyrau Ave. 41 · +7 (7212) 56-70-11</footer>
</body>
</html>
"""
    return write_page("shakhtinsk-miners-clinic-comments", "html", raw, title, "2020-02-21",
                      "ind-karaganda.kz", "https://ind-karaganda.kz/en/2020/02/shakhtinsk-clinic", body)


def taldykorgan_megamenu():
    title = "Taldykorgan hospital hires 14 foreign-trained surgeons"
    body = [
        "The Zhetysu regional multidisciplinary hospital in Taldykorgan has hired 14 surgeons who trained in Russia, Türkiye and South Korea, the region's health department said on Wednesday.",
        "Each of the surgeons received a one-off payment of 2 million tenge and a service apartment. Their arrival will allow the hospital to perform laparoscopic and vascular operations that until now were only available in Almaty.",
        "The region, created in 2022, still lacks 190 doctors, according to the department.",
    ]
    sections = ["News", "Politics", "Economy", "Society", "Health", "Education", "Culture", "Sport",
                "Incidents", "Regions", "World", "Opinion", "Interview", "Photo", "Video", "Infographics"]
    regions = ["Astana", "Almaty", "Shymkent", "Abai region", "Akmola region", "Aktobe region",
               "Almaty region", "Atyrau region", "East Kazakhstan region", "Zhambyl region",
               "Zhetysu region", "West Kazakhstan region", "Karaganda region", "Kostanay region",
               "Kyzylorda region", "Mangystau region", "Pavlodar region", "North Kazakhstan region",
               "Turkestan region", "Ulytau region"]
    menu = "\n".join(f'<li><a href="/en/{s.lower()}">{s}</a></li>' for s in sections)
    region_menu = "\n".join(f'<li><a href="/en/regions/{i}">{r}</a></li>' for i, r in enumerate(regions))
    footer_links = "\n".join(f'<a href="/en/{s.lower()}">{s}</a>' for s in sections)
    body_html = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    raw = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(title)} — Zhetysu Info</title>
<meta property="og:title" content="{esc(title)}">
<meta property="article:published_time" content="2023-04-12T16:05:00+05:00">
</head>
<body>
<header>
<div class="topbar">Wednesday, 19 april 2023 · Taldykorgan +14°C · <a href="/kz">Қаз</a> | <a href="/ru">Рус</a> | <a href="/en">Eng</a></div>
<nav class="mega"><ul class="sections">
{menu}
</ul>
<ul class="regions">
{region_menu}
</ul></nav>
</header>
<div class="page">
<div class="article-wrap">
<span class="rubric">Health</span>
<h1>{esc(title)}</h1>
<span class="pubdate">12 April 2023, 16:05</span>
<div class="article-text">
{body_html}
</div>
</div>
<div class="also">
<h3>Most read</h3>
<div><a href="/en/health/1">Zhetysu region opens its first stroke center</a> <span>10 April 2023</span></div>
<div><a href="/en/health/2">Free dental care for children extended to age 18</a> <span>7 April 2023</span></div>
<div><a href="/en/health/3">Taldykorgan maternity hospital gets new incubators</a> <span>5 April 2023</span></div>
<div><a href="/en/health/4">Doctors of the region to receive service housing</a> <span>3 April 2023</span></div>
<div><a href="/en/health/5">Rabies vaccine stocks replenished in district hospitals</a> <span>31 March 2023</span></div>
</div>
</div>
<footer>
<div class="links">
{footer_links}
</div>
<p>Zhetysu Info (zhetysu-info.kz) — online newspaper of Zhetysu region. Certificate of registration No. 19284-IA.</p>
<p>040000, Taldykorgan, Kabanbay Batyr St. 26. Advertising: +7 (7282) 24-15-15</p>
<p>© 2023 All rights reserved</p>
</footer>
</body></html>
"""
    return write_page("taldykorgan-surgeons-megamenu", "html", raw, title, "2023-04-12T16:05",
                      "zhetysu-info.kz", "https://zhetysu-info.kz/en/health/foreign-trained-surgeons", body)


def zhambyl_amp():
    title = "Zhambyl region receives 120,000 doses of polio vaccine"
    body = [
        "Zhambyl region has received 120,000 doses of inactivated polio vaccine for a catch-up campaign among children under six, the regional health department said on 14" + NB + "March" + NB + "2024.",
        "The campaign follows the registration of vaccine-derived poliovirus in wastewater samples in a neighboring country last year. No cases of polio have been registered in Kazakhstan since 2002.",
        "Children will be vaccinated in polyclinics and schools from 18 March to 12 April. Parents who refused vaccination last year will be visited at home by district nurses, the department said.",
        "Vaccination coverage against polio in the region is 96.8%, according to the regional sanitary service.",
    ]
    read_also = '<p><strong>Read also:</strong> <a href="/en/amp/measles-zhambyl">Zhambyl region reports decline in measles cases</a></p>'
    paras = [f"<p>{esc(p)}</p>" for p in body]
    paras.insert(2, read_also)
    body_html = "\n".join(paras)
    raw = f"""<!doctype html>
<html amp lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<link rel="canonical" href="https://taraz-news.kz/en/health/polio-vaccine-zhambyl">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta property="og:title" content="{esc(title)}">
<meta property="og:description" content="Catch-up campaign among children under six starts on 18 March.">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script type="application/ld+json">
{{
  "@context": "https://schema.org",
  "@type": "NewsArticle",
  "mainEntityOfPage": "https://taraz-news.kz/en/health/polio-vaccine-zhambyl",
  "headline": "{title}",
  "datePublished": "2024-03-14T17:30:00+05:00",
  "author": {{"@type": "Organization", "name": "Taraz News"}}
}}
</script>
<style amp-custom>body{{font-family:Georgia,serif}} .meta{{color:#888}}</style>
</head>
<body>
<amp-analytics type="gtag"><script type="application/json">{{"vars":{{"gtag_id":"G-XXXX"}}}}</script></amp-analytics>
<header><a href="/en/">Taraz News</a> <a href="/en/health/">Health</a></header>
<article>
<h1>{esc(title)}</h1>
<div class="meta">Taraz News · 14 March 2024</div>
<figure><amp-img src="/img/polio.jpg" width="800" height="450" layout="responsive" alt="Vaccination"></amp-img><figcaption>A nurse prepares a vaccine in a Taraz polyclinic. Photo: Taraz News</figcaption></figure>
{body_html}
</article>
<section class="more">
<h2>More news</h2>
<ul>
<li><a href="/en/health/1">Taraz opens a children's rehabilitation center</a> · 13 March 2024</li>
<li><a href="/en/health/2">Region to hire 45 school nurses</a> · 11 March 2024</li>
</ul>
</section>
<footer>© 2024 Taraz News · taraz-news.kz</footer>
</body>
</html>
"""
    return write_page("zhambyl-polio-amp-jsonld", "html", raw, title, "2024-03-14T17:30",
                      "taraz-news.kz", "https://taraz-news.kz/en/health/polio-vaccine-zhambyl", body)


def almaty_article_wraps_everything():
    title = "Almaty offers anonymous HIV testing in metro stations"
    body = [
        "Residents of Almaty can take a free and anonymous HIV test at three metro stations until the end of the month, the city center for the prevention of AIDS said on Dec. 1, World AIDS Day.",
        "Mobile points at Raiymbek Batyr, Abay and Moskva stations work from 10:00 to 19:00. A rapid test takes 15 minutes, and people with a positive result are referred to the center for confirmation and free treatment.",
        "In the first eleven months of the year, 1,412 new cases of HIV infection were registered in Almaty, about a third of all cases in the country. Almost 70 percent of those newly diagnosed were infected through heterosexual contact.",
        "“Many people still learn about their status only when they are already ill. A test in the metro costs nothing and takes a quarter of an hour,” the center's deputy director Roman Tsoi said.",
    ]
    body_html = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    raw = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} | Almaty Life</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="https://almaty-life.kz/en/health/hiv-testing-metro">
<meta property="article:published_time" content="2021-12-01T13:15:00+06:00">
</head>
<body>
<div class="header"><a href="/en/">Almaty Life</a> <span class="today">Thursday, 2 december 2021</span></div>
<article class="content">
  <div class="crumbs"><a href="/en/">Main</a> › <a href="/en/health/">Health</a></div>
  <h1>{esc(title)}</h1>
  <div class="meta"><time datetime="2021-12-01T13:15:00+06:00">1 December 2021, 13:15</time> · 2 min read</div>
  <div class="lead-photo"><img src="/img/metro.jpg" alt=""><span class="credit">Photo: Almaty Life</span></div>
{body_html}
  <div class="tags"><a href="/en/tag/hiv">HIV</a> <a href="/en/tag/almaty">Almaty</a> <a href="/en/tag/metro">metro</a></div>
  <div class="share"><span>Share</span> <a href="#">Facebook</a> <a href="#">Telegram</a> <a href="#">VK</a></div>
  <section class="related">
    <h2>Related</h2>
    <article class="teaser"><h3><a href="/en/health/aids-center-new-building">Almaty AIDS center moves to a new building</a></h3><p>The center will be able to receive twice as many patients as before.</p><time datetime="2021-11-22">22 November 2021</time></article>
    <article class="teaser"><h3><a href="/en/health/free-tests-pharmacies">HIV self-tests to be sold in pharmacies</a></h3><p>The tests will cost about 2,000 tenge and give a result in 20 minutes.</p><time datetime="2021-11-15">15 November 2021</time></article>
    <article class="teaser"><h3><a href="/en/health/hepatitis-c">Free hepatitis C treatment extended to all patients</a></h3><p>The course of treatment lasts twelve weeks and is paid for by the state.</p><time datetime="2021-11-09">9 November 2021</time></article>
  </section>
  <div class="subscribe">Subscribe to our newsletter: <input type="email"> <button>OK</button></div>
</article>
<div class="footer">© 2021 Almaty Life · almaty-life.kz · Almaty, Dostyk Ave. 38 · +7 (727) 300-20-20</div>
</body>
</html>
"""
    return write_page("almaty-hiv-metro-article-wraps-all", "html", raw, title, "2021-12-01T13:15",
                      "almaty-life.kz", "https://almaty-life.kz/en/health/hiv-testing-metro", body)


PAGES = [karaganda_tables, kostanay_jsonld, shymkent_div_soup, pavlodar_unclosed,
         aktobe_br_soup, who_visit_minimal, karaganda_miners_comments,
         taldykorgan_megamenu, zhambyl_amp, almaty_article_wraps_everything]
