"""What kind of page a source is, from its address: official, news, reference, or mirror.

The kinds, best first (an alternative date stands only when a source at least as good as the
best behind the main date gives it):

- ``official``: a government, a foreign ministry, the UN, or an archive of their documents;
- ``news``: a news agency or newspaper;
- ``reference``: an encyclopedia or reference work (Wikipedia, Britannica);
- ``unreviewed``: an address no curator has classed yet (the audit lists them);
- ``mirror``: a copy of another page, a blog, an aggregator, or a proxy in front of a page.

Pure: no network, only the host name and path of the URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["KINDS", "is_proxy_or_sandbox", "rank", "source_kind"]

KINDS = ("official", "news", "reference", "unreviewed", "mirror")

_OFFICIAL = re.compile(
    r"(^|\.)(gov|gov\.[a-z]{2}|gob\.[a-z]{2}|gouv\.[a-z]{2}|un\.org|history\.state\.gov|mfa-ks\.net|"
    r"china-embassy\.org|presidency\.ucsb\.edu|parliament\.uk|mfa\.[a-z.]+|mofa\.[a-z.]+|"
    r"search\.wikileaks\.org|wikileaks\.org|ask\.un\.org)$")
_REFERENCE = re.compile(
    r"(^|\.)(wikipedia\.org|britannica\.com|archontology\.org|sahistory\.org\.za|"
    r"palestine-studies\.org|wikisource\.org|cambridge\.org|springer\.com|taylorfrancis\.com|globalsecurity\.org)$")
_MIRROR = re.compile(
    r"(^|\.)(wikimili\.com|liquisearch\.com|profilpelajar\.com|piglix\.com|enwikipedia\.net|"
    r"wikipedia-on-ipfs\.org|kiwix\.[a-z.]+|elaygc\.com|movatter\.jp|the-uncensored-wiki\.com|"
    r"wiki-gateway\.eudic\.net|en-academic\.com|worddisk\.com|wikiwand\.com|wikisum\.wiki|"
    r"pinocchiopedia\.com|dewiki\.de|osmarks\.net|dweb\.link|azureedge\.net|blogspot\.com|"
    r"wordpress\.com|workers\.dev|oszar\.com|how\.com\.vn|everything2\.com|worldometers\.info|"
    r"earthspot\.org|infogalactic\.com|know\.cf|richxsearch\.com|wikial\.top|kfd\.me|100ke\.info|"
    r"gtool\.pro|paperai\.life|docslib\.org|topix\.com|jcvignoli\.com|polgeonow\.com|"
    r"everything\.explained\.today|friendlywiki\.[a-z]+|wikiplanet\.click|zxc\.wiki|iiab\.live|"
    r"infinitelexicon\.pages\.dev|graphsearch\.epfl\.ch|wixsite\.com|reddit\.[a-z.]+|"
    r"studyofnet\.com|fx361\.cc|zhangyue\.com|qiuwenbaike\.cn|brilliantmaps\.com|omniatlas\.com|"
    # press aggregators: they republish other outlets' articles (the original is the outlet named)
    r"maghress\.com|djazairess\.com|archive\.wn\.com|kosovothanksyou\.com|wikizero\.net|datana\.cloud)$")
_NEWS = re.compile(
    r"(^|\.)(b92\.net|taipeitimes\.com|bbc\.co\.uk|bbc\.com|trtworld\.com|reuters\.com|apnews\.com|"
    r"aljazeera\.com|theguardian\.com|independent\.co\.uk|nytimes\.com|latimes\.com|washingtonpost\.com|"
    r"rferl\.org|voanews\.com|people\.cn|chinadaily\.com\.cn|china\.org\.cn|xinhuanet\.com|"
    r"pireport\.org|taiwannews\.com\.tw|focustaiwan\.tw|straitstimes\.com|abc\.net\.au|jpost\.com|"
    r"kenyans\.co\.ke|tuko\.co\.ke|standardmedia\.co\.ke|sputniknews\.com|tass\.com|tass\.ru|rg\.ru|"
    r"lenta\.ru|middleeastmonitor\.com|yabiladi\.com|spsrasd\.info|agenzianova\.com|"
    r"islandtimes\.org|dawn\.com|thenews\.com\.pk|republicworld\.com|rnz\.co\.nz|radionz\.co\.nz|"
    r"infobae\.com|telesurenglish\.net|prensa-latina\.cu|naharnet\.com|devdiscourse\.com|"
    r"novinite\.com|balkaninsight\.com|balkaneu\.com|n1info\.com|eurasianet\.org|civil\.ge|trend\.az|"
    r"anews\.com\.tr|aa\.com\.tr|efe\.com|cna\.com\.tw|globaltimes\.cn|shine\.cn|channelstv\.com|"
    r"zeenews\.india\.com|siasat\.com|amu\.tv|kabulnow\.com|tolonews\.com|israelnationalnews\.com|"
    r"top-channel\.tv|pressreader\.com|abcnews\.go\.com|kossev\.info|gnnliberia\.com|"
    r"ghananewsagency\.org|maltatoday\.com\.mt|timesofmalta\.com|astroawani\.com|menafn\.com|"
    r"thechronicle\.co\.ke|allafrica\.com|sptimes\.com|nationalia\.info|rt\.com|natlib\.govt\.nz)$")
_PROXY = re.compile(r"oszar\.com|workers\.dev|gtool\.pro|paperai\.life|/wiki/[^/]*/?User:|[/:]User:[^/]*/sandbox",
                    re.IGNORECASE)


def source_kind(url: str) -> str:
    """The kind of a source, from its URL (see the module's list).

    >>> [source_kind(u) for u in ("https://history.state.gov/historicaldocuments/frus1913/d102",
    ...                           "https://www.b92.net/eng/news", "https://en.wikipedia.org/wiki/Kosovo",
    ...                           "https://wikimili.com/en/Kosovo", "https://example.org/page")]
    ['official', 'news', 'reference', 'mirror', 'unreviewed']
    """
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if _PROXY.search(url) or _MIRROR.search(host):
        return "mirror"
    if _OFFICIAL.search(host):
        return "official"
    if _NEWS.search(host):
        return "news"
    if _REFERENCE.search(host):
        return "reference"
    return "unreviewed"


def rank(kind: str) -> int:
    """How good a kind of source is: 0 is best (official).

    >>> rank("official") < rank("news") < rank("reference") < rank("mirror")
    True
    """
    return KINDS.index(kind)


def is_proxy_or_sandbox(url: str) -> bool:
    """Whether the URL is a proxy in front of another page, or a user's sandbox on a wiki.

    >>> is_proxy_or_sandbox("https://www.how.com.vn/wiki/en/User:Pixius/sandbox")
    True
    """
    return bool(_PROXY.search(url))
