"""The real web client in headless Chromium, driven as a store clerk would use it."""
import os
import tempfile
import urllib.parse

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get('RETAIL_CHROMIUM', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('RETAIL_CHROMEDRIVER', '/usr/bin/chromedriver')
ERROR_SELECTORS = '.o_dialog_warning, .o_error_detail, .o_crash_manager, .modal .alert-danger'


@pytest.fixture
def browser(artifacts_dir, request):
    profile = tempfile.mkdtemp(prefix='retail-chromium-')
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync',
                '--disable-dev-shm-usage', '--window-size=1400,900',
                '--user-data-dir=%s' % profile):
        options.add_argument(arg)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.save_screenshot(os.path.join(artifacts_dir, '%s.png' % request.node.name))
    driver.quit()


def _javascript_errors(driver, server_url):
    """Console errors and uncaught exceptions; network errors only for our own server."""
    errors = []
    for entry in driver.get_log('browser'):
        if entry['level'] != 'SEVERE':
            continue
        message = entry['message']
        if entry.get('source') == 'network':
            host = urllib.parse.urlparse(message.split(' ')[0]).hostname
            if host not in (urllib.parse.urlparse(server_url).hostname, None):
                continue  # no internet here: external fonts and images may fail
        errors.append(message)
    return errors


def _login(driver, server, login, password):
    driver.get(server.url + '/web/login')
    driver.find_element(By.NAME, 'login').send_keys(login)
    driver.find_element(By.NAME, 'password').send_keys(password)
    driver.find_element(By.CSS_SELECTOR, 'form button[type=submit]').click()
    wait = WebDriverWait(driver, 120)
    try:
        wait.until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, '.o_main_navbar, .o_web_client')))
    except TimeoutException:
        alerts = driver.find_elements(By.CSS_SELECTOR, '.alert-danger')
        pytest.fail('Login as %s failed: %s' % (
            login, alerts[0].text if alerts else driver.current_url))
    # A test that navigates while the home action (Discuss) is still loading gets
    # its action stacked on the half-open Inbox, which then never renders.
    wait.until(_home_action_shown, 'The home action of %s did not finish loading' % login)
    return wait


def _home_action_shown(driver):
    """The web client shows an action's breadcrumb and no request is running."""
    return driver.execute_script(
        "var loading = document.querySelector('.o_loading');"
        "return !!document.querySelector('.o_control_panel .breadcrumb li')"
        " && !(loading && loading.offsetParent !== null);")


def _assert_clean_page(driver, server):
    assert 'Traceback' not in driver.page_source, 'A traceback is shown in the page'
    assert not driver.find_elements(By.CSS_SELECTOR, ERROR_SELECTORS), \
        'An error dialog is shown: %s' % driver.find_element(By.CSS_SELECTOR, ERROR_SELECTORS).text
    errors = _javascript_errors(driver, server.url)
    assert not errors, 'JavaScript errors: %s' % errors


def test_store_clerk_opens_inventory_overview(odoo_server, browser):
    """The store clerk logs in and opens the Inventory overview: the operation types
    of the stores (receipts, deliveries) with their to-do counters."""
    # This test's requests only: other suite tests send refused input on purpose.
    log_start = odoo_server.log_offset()
    wait = _login(browser, odoo_server, 'store_clerk', 'retail')
    inventory_app = wait.until(EC.element_to_be_clickable((
        By.CSS_SELECTOR, 'a[data-menu-xmlid="stock.menu_stock_root"]')))
    inventory_app.click()
    wait.until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, '.o_control_panel .breadcrumb'), 'Inventory'))
    cards = wait.until(EC.presence_of_all_elements_located(
        (By.CSS_SELECTOR, '.o_kanban_view .o_kanban_record')))
    texts = [card.text for card in cards]
    assert any('Receipts' in text and 'Store S001' in text for text in texts), texts[:6]
    assert browser.find_elements(
        By.CSS_SELECTOR, '[data-menu-xmlid="retail_inventory_harmonization.menu_retail_root"]')
    _assert_clean_page(browser, odoo_server)
    errors = odoo_server.log_errors(since=log_start)
    assert not errors, errors


def test_wrong_password_shows_login_error(odoo_server, browser):
    """A wrong password keeps the user on the login page with an error."""
    browser.get(odoo_server.url + '/web/login')
    browser.find_element(By.NAME, 'login').send_keys('store_clerk')
    browser.find_element(By.NAME, 'password').send_keys('wrong')
    browser.find_element(By.CSS_SELECTOR, 'form button[type=submit]').click()
    alert = WebDriverWait(browser, 60).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, '.alert-danger')))
    assert 'Wrong login/password' in alert.text
    assert not browser.find_elements(By.CSS_SELECTOR, '.o_web_client')


@pytest.mark.parametrize('login, expected_groups', [
    ('store_clerk', ['Store S001 Riverside']),
    ('planner', None),
])
def test_stock_balances_per_role(odoo_server, browser, login, expected_groups):
    """In Stock Balances a store clerk sees their own store only; a planner sees the
    DC and all 35 stores."""
    wait = _login(browser, odoo_server, login, 'retail')
    browser.get(odoo_server.url + '/web#action=retail_stock_status.retail_stock_balance_action')
    wait.until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, '.o_control_panel .breadcrumb'), 'Stock Balances'))
    headers = wait.until(EC.presence_of_all_elements_located(
        (By.CSS_SELECTOR, '.o_list_view .o_group_header .o_group_name')))
    names = [header.text.split(' (')[0].strip() for header in headers]
    if expected_groups is not None:
        assert names == expected_groups
    else:
        assert len(names) == 36, names
        assert 'Distribution Centre' in names and 'Store S035 Zenith Park' in names
    _assert_clean_page(browser, odoo_server)
